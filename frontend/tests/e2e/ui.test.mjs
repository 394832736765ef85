// The UI driven by Playwright in Debian's Chromium through the Wails dev
// server, with the real Go bindings behind it: the development build of the
// app runs under Xvfb and serves the built frontend on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, startApp } from './harness.mjs';

const expectedVersion = process.env.SHOTDESK_E2E_VERSION ?? '0.1.0-e2e';

let app, page;

before(async () => {
  app = await startApp();
  page = app.page;
});

after(async () => {
  await app?.close();
});

test('the shell shows the sidebar, the demo badge and the status bar', async () => {
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['Overview', 'Headshots', 'Members', 'Teams', 'Invites', 'Downloads', 'Publish', 'Settings']) {
    assert.ok(await nav.getByRole('button', { name: label }).isVisible(), `sidebar has ${label}`);
  }
  // demo is decided in Go (no API key): the badge proves the bound Info call answered
  await page.getByText('DEMO', { exact: true }).waitFor();
  assert.match(await page.getByTestId('connection').innerText(), /Online|Offline|Syncing/);
  assert.match(await page.getByTestId('last-sync').innerText(), /Last sync: /);
});

test('the demo organization syncs at start and the Overview shows its numbers', async () => {
  const total = page.getByTestId('tile-total');
  await total.waitFor({ timeout: 30000 });
  const value = await total.locator('.tile-value').innerText();
  assert.ok(Number.parseInt(value.replace(/,/g, ''), 10) > 100, `total members tile shows ${value}`);
  assert.match(await page.getByTestId('last-sync').innerText(), /Last sync: just now/);
  assert.ok((await page.getByTestId('recent-members').locator('li').count()) === 5, 'five recent members');
  await page.screenshot({ path: path.join(artifactsDir, 'ui-overview.png') });
});

test('first run: the welcome card offers to connect an organization or keep the demo', async () => {
  const welcome = page.getByTestId('welcome');
  await welcome.waitFor();
  await welcome.getByRole('button', { name: 'Connect my organization' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.keyboard.press('Control+1');
  await page.getByTestId('welcome').getByRole('button', { name: 'Keep exploring the demo' }).click();
  await page.getByTestId('welcome').waitFor({ state: 'detached' });
  await page.reload();
  await page.getByTestId('tile-total').waitFor();
  assert.equal(await page.getByTestId('welcome').count(), 0, 'the welcome card stays dismissed');
});

test('Members: search, tabs, mark as actioned and undo', async () => {
  await page.keyboard.press('Control+3');
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
  const rows = page.getByTestId('member-row');
  await rows.first().waitFor();
  // virtualised: only the rows in view are in the DOM
  const rendered = await rows.count();
  assert.ok(rendered > 5 && rendered < 60, `${rendered} rows rendered`);

  await page.getByRole('tab', { name: /^Finished/ }).click();
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('[data-testid="member-row"] .badge')];
    return b.length > 0 && b.every((x) => x.textContent === 'Finished');
  });
  const first = rows.first();
  const email = await first.locator('.who .small').innerText();

  // search from two characters, debounced, no Enter
  await page.keyboard.press('Control+f');
  await page.keyboard.type(email.split('@')[0]);
  await page.waitForFunction((e) => {
    const r = [...document.querySelectorAll('[data-testid="member-row"] .who .small')];
    return r.length >= 1 && r.every((x) => x.textContent?.includes(e.split('@')[0]));
  }, email);

  await first.getByRole('button', { name: 'Mark as actioned' }).click();
  await page.getByRole('tab', { name: /^Actioned 1/ }).waitFor();
  await page.getByRole('tab', { name: /^Actioned/ }).click();
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().locator('.who .small').innerText(), email);
  await page.screenshot({ path: path.join(artifactsDir, 'ui-members-actioned.png') });
  await rows.first().getByRole('button', { name: 'Undo actioned' }).click();
  await page.getByRole('tab', { name: /^Actioned/ }).waitFor({ state: 'detached' });
  await page.getByRole('searchbox').fill('');
});

test('Settings shows the version and data dir from Go', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  assert.equal(await page.getByTestId('app-version').innerText(), expectedVersion);
  assert.match(await page.getByTestId('data-dir').innerText(), /shotdesk-demo-/);
});

test('the sidebar and Ctrl+number navigate', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Teams' }).click();
  await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { name: 'Headshots', level: 1 }).waitFor();
  await page.keyboard.press('Control+1');
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
});
