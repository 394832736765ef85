import { ClipboardSetText } from '../../wailsjs/runtime/runtime';

/**
 * copyText puts text on the system clipboard through the app (the webview's
 * own clipboard API needs permissions a desktop window does not grant), and
 * falls back to the browser's when the app cannot.
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (await ClipboardSetText(text)) return;
  } catch {
    /* try the browser's clipboard below */
  }
  await navigator.clipboard.writeText(text);
}
