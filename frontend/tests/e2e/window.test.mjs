// The real release binary in a real WebKitGTK window under Xvfb: it must
// start, render the shell (a screenshot with many colours, not a blank or
// black frame) and keep running until we close it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { artifactsDir, isolatedEnv, repoRoot, screenshot, sleep, start, startDisplay } from './harness.mjs';

const binary = path.join(repoRoot, 'build/bin/shotdesk');

test('the real window renders the app shell', { timeout: 90000 }, async () => {
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
  } finally {
    await app.stop();
    await x.stop();
    cleanup();
  }
});
