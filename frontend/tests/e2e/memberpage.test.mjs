// Give retry, Send access link and Open in HeadshotPro: HeadshotPro's public
// API has no endpoint for them, so they live on the member's web page. The
// notice says so and what to do there; in the demo organization (made-up
// people and ids) nothing opens and the notice says what would happen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, sleep, startApp } from './harness.mjs';
import { fakeOpener } from './opener.mjs';

let app, page, opener;

before(async () => {
  opener = fakeOpener();
  app = await startApp({ extraEnv: opener.env });
  page = app.page;
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
});

after(async () => {
  await app?.close();
  opener?.cleanup();
});

async function openHeadshots() {
  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { name: 'Headshots', level: 1 }).waitFor();
  await page.getByTestId('finished-card').first().waitFor({ timeout: 30000 });
}

test('Give retry in the demo: nothing opens, the notice says it is the demo and what would happen', async () => {
  await openHeadshots();
  // A card whose shoot can still be retried.
  const card = page.getByTestId('finished-card').filter({ hasText: 'Retry possible until' }).first();
  await card.getByTestId('card-actions').click();
  await page.getByRole('menuitem', { name: /^Give retry/ }).click();
  const notice = page.getByTestId('headshots-notice');
  await notice.filter({ hasText: 'demo organization' }).waitFor();
  const text = await notice.innerText();
  assert.match(text, /nothing opened/);
  assert.match(text, /public API cannot give retries/, 'it says why the web page');
  assert.match(text, /Delete results and retry/, 'and what to do there');
  await page.screenshot({ path: path.join(artifactsDir, 'memberpage-demo-retry.png') });
  await sleep(500);
  assert.deepEqual(opener.opened(), [], 'the real site did not open with a made-up id');
});

test('Send access link in the demo: the same, in its own words', async () => {
  const card = page.getByTestId('finished-card').first();
  await card.getByTestId('card-actions').click();
  await page.getByRole('menuitem', { name: /^Send access link/ }).click();
  const notice = page.getByTestId('headshots-notice');
  await notice.filter({ hasText: 'cannot send access links' }).waitFor();
  assert.match(await notice.innerText(), /demo organization.*nothing opened/s);
  assert.match(await notice.innerText(), /sign/);
  await sleep(300);
  assert.deepEqual(opener.opened(), []);
});

test('Open in HeadshotPro from the member detail in the demo', async () => {
  const card = page.getByTestId('finished-card').first();
  await card.getByRole('button', { name: /^View results of/ }).click();
  const dlg = page.getByTestId('member-detail');
  await dlg.waitFor();
  await dlg.getByRole('button', { name: /Open in HeadshotPro/ }).click();
  const notice = dlg.getByTestId('detail-notice');
  await notice.filter({ hasText: 'demo organization' }).waitFor();
  assert.match(await notice.innerText(), /Give retry and Send access link/);
  assert.match(await notice.innerText(), /public API/);
  await page.screenshot({ path: path.join(artifactsDir, 'memberpage-demo-detail.png') });
  await sleep(300);
  assert.deepEqual(opener.opened(), []);
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'detached' });
});
