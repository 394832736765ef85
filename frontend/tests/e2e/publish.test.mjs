// Publish end to end on the built-in demo directory: pick it (labelled as not
// real), Check → the match report with people who will change, the report
// as CSV in ~/Downloads, Publish → the confirmation that says what will
// happen → the job → everyone published shows as up to date; History has
// the run, and reverting one person from it shows as one reverted (and that
// person will change again). Then the connect form of a real directory,
// BambooHR, against the local BambooHR fake of `shotdesk sandbox
// --directories` (the same people as the window's demo organization): a
// refused key in BambooHR's words with nothing stored, then, as this test
// computer has no keychain, "Store without a keychain"; Check,
// publish, revert one person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, repoRoot, sleep, start, startApp } from './harness.mjs';
import { readPublishReport } from './csv.mjs';

let app, page, downloadsDir;
let first; // the counts of the first report

// The directory fakes, holding the demo organization's people (the window
// serves the demo with 240 members, seed 1): the second stdout line of
// `shotdesk sandbox --directories` has their SHOTDESK_* variables.
const dirs = { proc: null, env: {} };
async function startDirectories() {
  dirs.proc = start(path.join(repoRoot, 'build/bin/shotdesk-dev'),
    ['sandbox', '--addr', '127.0.0.1:0', '--members', '240', '--seed', '1', '--directories']);
  for (let i = 0; i < 300 && !/\n.*SHOTDESK_BAMBOOHR_URL=\S+.*\n/.test(dirs.proc.output()); i++) await sleep(100);
  const line = dirs.proc.output().split('\n').find((l) => l.includes('SHOTDESK_BAMBOOHR_URL='));
  if (!line) throw new Error(`sandbox --directories printed no variables:\n${dirs.proc.output()}`);
  for (const kv of line.trim().split(' ')) {
    const i = kv.indexOf('=');
    dirs.env[kv.slice(0, i)] = kv.slice(i + 1);
  }
}

const report = () => page.getByTestId('publish-report');
const countOf = async (group) => Number(await page.getByTestId(`pub-count-${group}`).getAttribute('data-count'));
const counts = async () => ({
  will: await countOf('will_change'),
  upToDate: await countOf('up_to_date'),
  noFavorite: await countOf('no_favorite'),
  notInDirectory: await countOf('not_in_directory'),
  onlyInDirectory: await countOf('not_in_shotdesk'),
});
const total = (c) => c.will + c.upToDate + c.noFavorite + c.notInDirectory + c.onlyInDirectory;

/** reportAfter waits for a match report other than the one with job id `old`. */
async function reportAfter(old, timeout = 60000) {
  await page.waitForFunction((o) => {
    const el = document.querySelector('[data-testid="publish-report"]');
    return !!el && el.getAttribute('data-job') !== o && !document.querySelector('[data-testid="plan-progress"]');
  }, old, { timeout });
  return report().getAttribute('data-job');
}

before(async () => {
  await startDirectories();
  app = await startApp({ extraEnv: { SHOTDESK_BAMBOOHR_URL: dirs.env.SHOTDESK_BAMBOOHR_URL } });
  page = app.page;
  // The demo syncs at start.
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
  await page.getByTestId('last-sync').getByText(/just now/).waitFor({ timeout: 60000 });
  downloadsDir = path.join(app.home, 'Downloads');
  mkdirSync(downloadsDir, { recursive: true });
});

after(async () => {
  await app?.close();
  await dirs.proc?.stop();
});

test('Check: the demo directory, labelled as not real, and its match report; nothing written yet', async () => {
  await page.keyboard.press('Control+7');
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor();
  const demo = page.locator('[data-testid="publish-target"][data-target="demo"]');
  await demo.waitFor();
  assert.match(await demo.innerText(), /Demo directory \(not real\)/);
  assert.ok(await demo.getByRole('radio').isChecked(), 'the demo directory is picked when nothing else is connected');
  // Before the first publish the history is empty.
  await page.getByTestId('history-empty').waitFor();

  await page.getByTestId('publish-check').click();
  await reportAfter(null);
  first = await counts();
  assert.ok(first.will > 0, `some people will change: ${JSON.stringify(first)}`);
  // The demo leaves every ninth person out of the directory and has accounts Shotdesk does not know.
  assert.ok(first.notInDirectory + first.onlyInDirectory > 0, `the report has people missing on one side: ${JSON.stringify(first)}`);
  // The will-change tab is open and lists them.
  assert.equal(await page.getByRole('tab', { name: /Will change/ }).getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByTestId('report-row').count(), Math.min(first.will, 500));
  assert.equal(await page.locator('[data-testid="report-row"]:not([data-status="will_change"])').count(), 0);
  assert.equal(await page.getByTestId('publish-start').innerText(), `Publish ${first.will.toLocaleString('en-US')}`);
  // Arrow keys move along the groups.
  await page.getByRole('tab', { name: /Will change/ }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: /Already up to date/ }).getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pub-tab-up_to_date');
  await page.keyboard.press('ArrowLeft');
  // Still nothing published.
  await page.getByTestId('history-empty').waitFor();
  await page.screenshot({ path: path.join(artifactsDir, 'publish-report.png'), fullPage: true });
});

test('Export report (CSV): the match report in ~/Downloads, every row, the documented header', async () => {
  await page.getByTestId('publish-export').click();
  await page.getByTestId('publish-saved').waitFor();
  const file = await page.getByTestId('export-toast-path').innerText();
  assert.equal(path.dirname(file), downloadsDir);
  assert.match(path.basename(file), /^publish-demo-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(existsSync(file), `${file} exists`);
  const { header, rows } = readPublishReport(file);
  assert.deepEqual(header, ['Status', 'Email', 'Name', 'Team', 'Directory account', 'Last published']);
  assert.equal(rows.length, total(first));
  assert.equal(rows.filter((r) => r[0] === 'Will change').length, first.will);
  assert.equal(rows.filter((r) => r[0] === 'Only in the directory').length, first.onlyInDirectory);
});

test('Publish: the confirmation says what will happen; the job publishes everyone; the report shows them up to date', async () => {
  const before = await report().getAttribute('data-job');
  const button = page.getByTestId('publish-start');
  await button.click();
  const dialog = page.getByTestId('publish-confirm');
  await dialog.waitFor();
  const who = `${first.will.toLocaleString('en-US')} ${first.will === 1 ? 'person' : 'people'}`;
  assert.equal(
    await page.getByTestId('publish-confirm-text').innerText(),
    `Replace the photo of ${who} in Demo directory (not real) (this computer only, until Shotdesk closes). Their current photos are kept on this computer so you can revert.`,
  );
  // Focus starts on Cancel; Esc closes and gives focus back to the button.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Cancel');
  await page.screenshot({ path: path.join(artifactsDir, 'publish-confirm.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'publish-start');
  assert.equal(await page.getByTestId('publish-run').count(), 0, 'Esc published nothing');

  await button.click();
  await page.getByTestId('publish-confirm-confirm').click();
  const job = page.getByTestId('publish-job');
  await job.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="publish-job"]')?.getAttribute('data-state') !== 'running', null, { timeout: 120000 });
  assert.equal(await job.getAttribute('data-state'), 'succeeded');
  assert.equal(await page.getByTestId('publish-result').innerText(), `${first.will.toLocaleString('en-US')} published, 0 failed`);
  assert.equal(await page.getByTestId('publish-failures').count(), 0);

  // The report is checked again by itself.
  await reportAfter(before);
  const now = await counts();
  assert.equal(now.will, 0, `nobody will change after publishing: ${JSON.stringify(now)}`);
  assert.equal(now.upToDate, first.upToDate + first.will, 'everyone published is up to date');
  assert.ok(await button.isDisabled(), 'Publish 0 is disabled');
  assert.equal(await button.innerText(), 'Publish 0');
  await page.getByTestId('publish-all-done').waitFor();
  assert.equal(await page.getByRole('tab', { name: /Already up to date/ }).getAttribute('aria-selected'), 'true');
  await page.screenshot({ path: path.join(artifactsDir, 'publish-done.png'), fullPage: true });
});

test('History: the run, its people, and one person reverted', async () => {
  const run = page.getByTestId('publish-run');
  await run.first().waitFor();
  assert.equal(await run.count(), 1);
  assert.equal(await run.getByTestId('run-published').innerText(), `${first.will.toLocaleString('en-US')} published`);
  assert.equal(await run.getByTestId('run-failed').innerText(), '0 failed');
  assert.equal(await run.getByTestId('run-reverted').innerText(), '0 reverted');

  await run.getByRole('button', { name: 'Show people' }).click();
  const person = run.getByTestId('run-person').first();
  await person.waitFor();
  assert.equal(await run.getByTestId('run-person').count(), first.will);
  const email = await person.getAttribute('data-email');
  const effect = await person.locator('.effect').innerText();
  assert.match(effect, /^(puts back their previous photo|removes the photo \(they had none\))$/);

  const before = await report().getAttribute('data-job');
  await person.getByTestId('revert-person').click();
  const dialog = page.getByTestId('revert-confirm');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), new RegExp(`this ${effect.replace(/[()]/g, '\\$&')}`));
  await page.getByTestId('revert-confirm-confirm').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="revert-job"]')?.getAttribute('data-state') === 'succeeded', null, { timeout: 60000 });
  assert.equal(await page.getByTestId('revert-result').innerText(), '1 reverted');

  await page.waitForFunction(() => document.querySelector('[data-testid="run-reverted"]')?.textContent === '1 reverted', null, { timeout: 20000 });
  await page.waitForFunction((e) => document.querySelector(`[data-testid="run-person"][data-email="${e}"]`)?.getAttribute('data-reverted') === 'true', email, { timeout: 20000 });
  assert.ok(await person.getByTestId('revert-person').isDisabled(), 'a reverted person cannot be reverted again');

  // The report is checked again: that person will change again.
  await reportAfter(before);
  assert.equal(await countOf('will_change'), 1);
  await page.getByTestId('publish-history').screenshot({ path: path.join(artifactsDir, 'publish-history.png') });
});

test('Connect BambooHR: a refused key in its words and nothing stored; without a keychain only when chosen; Check, publish and revert one person', async () => {
  const row = page.locator('[data-testid="publish-target"][data-target="bamboohr"]');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-connected'), 'false');
  assert.match(await row.innerText(), /Not connected/);
  await row.getByRole('button', { name: 'Connect…' }).click();
  const dialog = page.getByTestId('connect-dialog');
  await dialog.waitFor();
  // The form is made from the target's fields: the key is a password box, help under each field.
  const domain = dialog.getByLabel('Company subdomain');
  const key = dialog.getByLabel('API key');
  assert.equal(await domain.getAttribute('type'), 'text');
  assert.equal(await key.getAttribute('type'), 'password');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-field')), 'domain', 'focus starts on the first field');
  assert.match(await dialog.innerText(), /acme if you sign in at https:\/\/acme\.bamboohr\.com/);

  await domain.fill(dirs.env.SHOTDESK_BAMBOOHR_DOMAIN);
  await key.fill('not-the-key');
  await key.press('Enter');
  const refused = page.getByTestId('connect-refused');
  await refused.waitFor({ timeout: 30000 });
  assert.match(await refused.innerText(), /BambooHR refused these settings\.[\s\S]*BambooHR did not accept the API key[\s\S]*Nothing was stored\./);
  await page.screenshot({ path: path.join(artifactsDir, 'publish-connect-refused.png') });

  // The right key: the directory answers, but this computer has no keychain,
  // so nothing is stored until the person chooses the file.
  await key.fill(dirs.env.SHOTDESK_BAMBOOHR_KEY);
  await page.getByTestId('connect-submit').click();
  const withoutKeychain = page.getByTestId('connect-without-keychain');
  await withoutKeychain.waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('connect-error').innerText(), /keychain/i);
  await withoutKeychain.click();
  await dialog.waitFor({ state: 'detached', timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('[data-target="bamboohr"]')?.getAttribute('data-connected') === 'true');
  assert.match(await row.innerText(), /acme\.bamboohr\.com/);
  assert.match(await row.innerText(), /Connected/);
  assert.match(await row.innerText(), /Stored without a keychain/);
  assert.ok(await row.getByRole('radio').isChecked(), 'the directory just connected is picked');

  // Check everyone in BambooHR.
  const old = (await report().count()) ? await report().getAttribute('data-job') : null;
  await page.getByTestId('publish-check').click();
  await reportAfter(old);
  assert.match(await page.getByRole('heading', { name: /Match report/ }).innerText(), /BambooHR/);
  const c = await counts();
  assert.equal(c.will, first.will + first.notInDirectory, `everyone with a favorite will change (the demo directory left some out; BambooHR has all): ${JSON.stringify(c)}`);
  assert.equal(c.notInDirectory, 0);
  assert.equal(c.onlyInDirectory, 3, "the fake's three shared accounts are only in the directory");
  await page.screenshot({ path: path.join(artifactsDir, 'publish-bamboohr-report.png') });

  // Publish them, then revert one person.
  const checked = await report().getAttribute('data-job');
  await page.getByTestId('publish-start').click();
  assert.match(await page.getByTestId('publish-confirm-text').innerText(), /in BambooHR \(acme\.bamboohr\.com\)/);
  await page.getByTestId('publish-confirm-confirm').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="publish-job"]')?.getAttribute('data-state') === 'succeeded', null, { timeout: 120000 });
  assert.equal(await page.getByTestId('publish-result').innerText(), `${c.will.toLocaleString('en-US')} published, 0 failed`);
  await reportAfter(checked);
  assert.equal(await countOf('will_change'), 0);
  const run = page.getByTestId('publish-run').first();
  await run.getByRole('button', { name: 'Show people' }).click();
  // Someone who had a photo before: BambooHR's API cannot remove one.
  const person = run.locator('[data-testid="run-person"]').filter({ hasText: 'puts back their previous photo' }).first();
  await person.waitFor();
  await person.getByTestId('revert-person').click();
  await page.getByTestId('revert-confirm-confirm').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="revert-job"]')?.getAttribute('data-state') === 'succeeded', null, { timeout: 60000 });
  assert.equal(await page.getByTestId('revert-result').innerText(), '1 reverted');

  // Disconnect forgets the stored settings.
  await row.getByRole('button', { name: 'Disconnect…' }).click();
  await row.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-target="bamboohr"]')?.getAttribute('data-connected') === 'false');
  assert.match(await row.innerText(), /Not connected/);
});
