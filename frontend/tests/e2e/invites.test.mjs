// Invites, Teams and Settings driven in Chromium against the development
// build with real Go bindings and the embedded demo organization.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, startApp } from './harness.mjs';

let app, page;

before(async () => {
  app = await startApp();
  page = app.page;
  // The demo organization syncs at start; wait for its numbers.
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
});

after(async () => {
  await app?.close();
});

const nav = (label) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label }).click();

test('invite from a pasted CSV: the bad row is flagged before sending, the invites become pending', async () => {
  await nav('Invites');
  await page.getByRole('heading', { name: 'Invites', level: 1 }).waitFor();
  const roster = ['email,name', 'e2e.ana@example.com,Ana Lima', 'not-an-email,Bad Row', 'e2e.ben@example.com,Ben Okafor', 'E2E.Ana@example.com,Ana again'].join('\n');
  await page.getByTestId('invite-text').fill(roster);
  await page.getByTestId('preview-invites').click();

  const rows = page.getByTestId('preview-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 4);
  const bad = page.locator('[data-testid="preview-row"][data-status="invalid"]');
  assert.equal(await bad.count(), 1);
  assert.equal(await bad.locator('td').first().innerText(), '3', 'the invalid row carries its line number');
  assert.match(await bad.innerText(), /not-an-email/);
  const dup = page.locator('[data-testid="preview-row"][data-status="duplicate"]');
  assert.match(await dup.innerText(), /duplicate of line 2/);
  assert.match(await page.getByTestId('preview-summary').innerText(), /2 to invite.*1 invalid \(line 3\).*1 duplicate \(line 5\)/);
  // nothing has been sent yet
  assert.equal(await page.getByTestId('pending-invite').filter({ hasText: 'e2e.ana@example.com' }).count(), 0);
  await page.screenshot({ path: path.join(artifactsDir, 'ui-invites-preview.png') });

  await page.getByTestId('send-invites').click();
  await page.waitForFunction(() => /2 invited/.test(document.querySelector('[data-testid="invite-result"]')?.textContent ?? ''), null, { timeout: 60000 });
  const ana = page.getByTestId('pending-invite').filter({ hasText: 'e2e.ana@example.com' });
  await ana.waitFor({ timeout: 30000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="pending-invite"]')].some((li) => li.textContent?.includes('e2e.ben@example.com') && li.getAttribute('data-state') === 'pending'),
    null,
    { timeout: 30000 },
  );
  assert.match(await ana.locator('.badge').innerText(), /Pending|Sent/);
  await page.screenshot({ path: path.join(artifactsDir, 'ui-invites-sent.png') });
});

test('create a team, then rename it inline (Enter saves)', async () => {
  await nav('Teams');
  await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
  await page.getByTestId('new-team-name').fill('E2E Launch Crew');
  await page.getByRole('button', { name: 'Create team' }).click();
  const row = page.getByTestId('team-row').filter({ hasText: 'E2E Launch Crew' });
  await row.waitFor();
  // confirmed by the sync that the action started: no longer pending
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="team-row"]')].some((r) => r.textContent?.includes('E2E Launch Crew') && r.getAttribute('data-pending') === '' && r.querySelector('button')),
    null,
    { timeout: 30000 },
  );
  await row.getByRole('button', { name: 'Rename E2E Launch Crew' }).click();
  const input = page.getByTestId('rename-input');
  await input.fill('E2E Launch Team');
  await input.press('Enter');
  await page.getByTestId('team-name').filter({ hasText: /^E2E Launch Team$/ }).waitFor();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="team-row"]')].some((r) => r.querySelector('[data-testid="team-name"]')?.textContent === 'E2E Launch Team' && r.getAttribute('data-pending') === ''),
    null,
    { timeout: 30000 },
  );
  // Esc cancels a rename
  await page.getByRole('button', { name: 'Rename E2E Launch Team' }).click();
  await page.getByTestId('rename-input').fill('Not this');
  await page.getByTestId('rename-input').press('Escape');
  assert.equal(await page.getByTestId('team-name').filter({ hasText: 'Not this' }).count(), 0);
  await page.screenshot({ path: path.join(artifactsDir, 'ui-teams.png') });
});

test('Add people: Ctrl+F searches the people picker from two characters, Esc clears it', async () => {
  await page.getByTestId('team-row').filter({ hasText: 'E2E Launch Team' }).getByRole('button', { name: 'Add people' }).click();
  const panel = page.getByTestId('assign-panel');
  const people = panel.locator('.people li');
  await people.first().waitFor();
  const everyone = await people.count();
  assert.ok(everyone > 1, `${everyone} people listed`);
  const email = (await people.first().locator('.who .small').innerText()).trim() || (await people.first().locator('.who span').first().innerText()).trim();

  // The shell's Ctrl+F finds the current screen's search box.
  await page.keyboard.press('Control+f');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Search people to add');
  await page.keyboard.type(email.slice(0, 1));
  await page.waitForTimeout(400);
  assert.equal(await people.count(), everyone, 'one character does not filter');
  await page.keyboard.type(email.slice(1));
  await page.waitForFunction(
    (e) => {
      const rows = [...document.querySelectorAll('[data-testid="assign-panel"] .people li')];
      return rows.length >= 1 && rows.length < 10 && rows.every((r) => r.textContent?.toLowerCase().includes(e.toLowerCase()));
    },
    email,
  );
  await page.keyboard.press('Escape');
  assert.equal(await panel.getByRole('searchbox').inputValue(), '');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="assign-panel"] .people li').length === n, everyone);
  await panel.getByRole('button', { name: 'Close' }).click();
});

test('Settings: API key field, keychain status, data folder', async () => {
  await nav('Settings');
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  const key = page.getByTestId('api-key-input');
  await key.waitFor();
  assert.equal(await key.getAttribute('type'), 'password');
  // no session bus in the test: the keychain is unavailable, and the page says so
  assert.match(await page.getByTestId('keychain-problem').innerText(), /keychain is unavailable.*SHOTDESK_API_KEY/);
  assert.match(await page.getByTestId('data-dir').innerText(), /shotdesk-demo-/);
  await page.screenshot({ path: path.join(artifactsDir, 'ui-settings.png'), fullPage: true });
});
