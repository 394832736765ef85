// A stand-in for the desktop's URL opener: xdg-open (and the browsers Go's
// opener falls back to) on the app's PATH only write the link they were
// given to a log, so a test sees exactly what the app asked to open and
// nothing ever opens during a test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function fakeOpener() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shotdesk-e2e-opener-'));
  const log = path.join(dir, 'opened.log');
  const script = `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`;
  for (const name of ['xdg-open', 'x-www-browser', 'www-browser']) {
    writeFileSync(path.join(dir, name), script, { mode: 0o755 });
  }
  return {
    env: { PATH: `${dir}:${process.env.PATH}` },
    /** opened lists the links the app opened so far, oldest first. */
    opened: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
