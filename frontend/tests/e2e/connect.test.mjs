// Connecting an organization and signing out happen in place, without
// quitting: the window goes from the demo to the organization the key
// belongs to (here a second local sandbox standing in for HeadshotPro),
// and back. The test machine has no keychain, so the key goes through the
// labelled "Store without a keychain" choice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, freePort, repoRoot, start, startApp, waitForPort } from './harness.mjs';

let org, app, page;
const key = 'sk_e2e_connect_org';

before(async () => {
  const port = await freePort();
  org = start(path.join(repoRoot, 'build/bin/shotdesk-dev'), ['sandbox', '--addr', `127.0.0.1:${port}`, '--members', '40', '--seed', '31', '--key', key]);
  await waitForPort(port);
  app = await startApp({ extraEnv: { SHOTDESK_API_URL: `http://127.0.0.1:${port}/api/v2` } });
  page = app.page;
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
});

after(async () => {
  await app?.close();
  await org?.stop();
});

const nav = (label) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label }).click();
const demoBadge = () => page.locator('.badge.demo');

test('connect without a restart, then sign out back to the demo', async () => {
  assert.equal(await demoBadge().count(), 1, 'starts in the demo');
  await nav('Settings');
  await page.getByTestId('api-key-input').fill(key);
  await page.getByRole('button', { name: 'Check and save' }).click();
  // No keychain here: the key works, and the fallback is offered, not taken.
  assert.match(await page.getByTestId('api-key-error').innerText({ timeout: 30000 }), /no system keychain/);
  await page.getByTestId('store-without-keychain').click();

  // The page reloads on the connected organization, on the same screen.
  await page.getByTestId('settings-notice').waitFor({ timeout: 60000 });
  assert.match(await page.getByTestId('settings-notice').innerText(), /Connected to/);
  await page.waitForFunction(() => !document.querySelector('.badge.demo'), null, { timeout: 30000 });
  assert.match(await page.getByTestId('masked-key').innerText(), /••••/);
  assert.match(await page.locator('.card', { hasText: 'HeadshotPro API key' }).innerText(), /stored without a keychain/);
  await page.screenshot({ path: path.join(artifactsDir, 'ui-settings-connected.png'), fullPage: true });

  await page.getByRole('button', { name: 'Sign out…' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await demoBadge().waitFor({ timeout: 60000 });
  assert.match(await page.getByTestId('settings-notice').innerText(), /demo organization/);
});
