// The real release binary in a real WebKitGTK window under Xvfb: it must
// start, render the shell (a screenshot with many colours, not a blank or
// black frame) and keep running until we close it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { artifactsDir, isolatedEnv, repoRoot, screenshot, sleep, start, startDisplay } from './harness.mjs';

const binary = path.join(repoRoot, 'build/bin/shotdesk');
const run = promisify(execFile);

/** signature is ImageMagick's hash of the pixels (not of the PNG bytes). */
async function signature(file) {
  const { stdout } = await run('identify', ['-format', '%#', file]);
  return stdout.trim();
}

test('the real window renders the shell and its main screens', { timeout: 120000 }, async () => {
  assert.ok(existsSync(binary), `${binary} is missing: run make build first`);
  const x = await startDisplay();
  const { env, cleanup } = isolatedEnv({ DISPLAY: x.display });
  const started = Date.now();
  const app = start(binary, [], { env });
  const file = path.join(artifactsDir, 'window-overview.png');
  try {
    let colours = 0;
    let renderedAfter = -1;
    const deadline = Date.now() + 45000;
    while (Date.now() < deadline) {
      assert.equal(app.child.exitCode, null, `the app exited early:\n${app.output()}`);
      colours = await screenshot(x.display, file);
      // A blank X screen has 1 colour; a white or black webview a handful.
      // The shell (sidebar icons, gradient logo, text antialiasing) has hundreds.
      if (colours > 300) {
        renderedAfter = Date.now() - started;
        break;
      }
      await sleep(250);
    }
    assert.ok(colours > 300, `window looks blank: ${colours} colours in ${file}\n${app.output()}`);
    // Let the demo organization sync (a second or two), then take the
    // artifact screenshot of the Overview with its numbers.
    await sleep(4000);
    colours = await screenshot(x.display, file);
    assert.ok(colours > 300, `window went blank after start: ${colours} colours`);
    assert.equal(app.child.exitCode, null, 'the app quit on its own');
    console.log(`# window rendered ${renderedAfter} ms after start (${colours} colours), screenshot ${file}`);

    // Drive the real window with the keyboard (xdotool) and keep a
    // screenshot of each main screen: every one must be a rendered UI and
    // differ from the one before (the key really navigated).
    let previous = await signature(file);
    for (const [keys, name] of [
      ['ctrl+2', 'window-headshots.png'],
      ['ctrl+3', 'window-members.png'],
      ['ctrl+d', 'window-download-favorites.png'],
    ]) {
      await run('xdotool', ['key', '--clearmodifiers', keys], { env: { ...process.env, DISPLAY: x.display } });
      await sleep(2500); // photos load from the local cache
      const shot = path.join(artifactsDir, name);
      const n = await screenshot(x.display, shot);
      assert.ok(n > 300, `${name}: ${n} colours`);
      const sig = await signature(shot);
      assert.notEqual(sig, previous, `${keys} did not change the window (${name})`);
      previous = sig;
    }
  } finally {
    await app.stop();
    await x.stop();
    cleanup();
  }
});
