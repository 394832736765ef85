// Chasing people, as an HR admin does it on the demo organization: select
// several people on Members (checkboxes, Shift-click for a range, select all
// in the current tab or search), copy their emails, export exactly the list
// shown as CSV, remind them with mail drafts (Bcc, split so each mailto: link
// stays under 2,000 characters) and re-send a pending invite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, sleep, startApp } from './harness.mjs';
import { fakeOpener } from './opener.mjs';
import { readStatusCSV } from './csv.mjs';

let app, page, opener;

before(async () => {
  opener = fakeOpener();
  app = await startApp({ extraEnv: opener.env });
  page = app.page;
  mkdirSync(path.join(app.home, 'Downloads'), { recursive: true });
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
  await page.getByTestId('last-sync').getByText(/just now/).waitFor({ timeout: 60000 });
});

after(async () => {
  await app?.close();
  opener?.cleanup();
});

const num = (s) => Number.parseInt(String(s).replace(/[^0-9]/g, ''), 10);
const rows = () => page.getByTestId('member-row');
const bar = () => page.getByTestId('selection-bar');

async function openMembersTab(name) {
  await page.keyboard.press('Control+3');
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}`) });
  await tab.click();
  await page.waitForFunction((n) => {
    const b = [...document.querySelectorAll('[data-testid="member-row"] .badge')];
    return n === 'All' ? b.length > 0 : b.length > 0 && b.every((x) => x.textContent === n);
  }, name);
  return num(await tab.locator('.count').innerText());
}

/** allEmails pages through the bound list of a tab, as the list shows it. */
const allEmails = (tab, search = '') =>
  page.evaluate(async ({ tab, search }) => {
    const out = [];
    for (let offset = 0; ; offset += 1000) {
      const p = await window.go.app.PeopleService.List({ search, tab, hideActioned: false, teamId: '', sort: 'name', limit: 1000, offset });
      out.push(...p.items.map((x) => x.email));
      if (out.length >= p.total || p.items.length === 0) return out;
    }
  }, { tab, search });

test('select people with their checkboxes, Shift-click a range, copy their emails', async () => {
  await openMembersTab('All');
  const emails = await rows().evaluateAll((rs) => rs.slice(0, 5).map((r) => r.getAttribute('data-email')));
  await rows().nth(0).getByRole('checkbox').check();
  assert.match(await bar().innerText(), /1 selected/);
  await rows().nth(3).getByRole('checkbox').click({ modifiers: ['Shift'] });
  assert.match(await bar().innerText(), /4 selected/);
  for (let i = 0; i < 4; i++) assert.ok(await rows().nth(i).getByRole('checkbox').isChecked(), `row ${i} is selected`);
  assert.equal(await rows().nth(4).getByRole('checkbox').isChecked(), false, 'the range stops at the Shift-clicked row');
  // The checkbox says whose it is.
  assert.match(await rows().nth(0).getByRole('checkbox').getAttribute('aria-label'), /^Select /);

  await bar().getByRole('button', { name: 'Copy emails' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Copied 4 email addresses' }).waitFor();
  const clip = await page.evaluate(() => window.runtime.ClipboardGetText());
  assert.deepEqual(clip.split(', '), emails.slice(0, 4));
  await page.screenshot({ path: path.join(artifactsDir, 'chase-members-selected.png') });

  await bar().getByRole('button', { name: 'Clear selection' }).click();
  assert.equal(await page.getByRole('checkbox', { checked: true }).count(), 0);
});

test('the Invited tab: select all, Export CSV writes exactly those rows', async () => {
  const invited = await openMembersTab('Invited');
  assert.ok(invited > 0 && invited < 100, `Invited ${invited}`);
  await bar().getByRole('button', { name: new RegExp(`^Select all ${invited}\\b`) }).click();
  await bar().getByText(`${invited} selected`).waitFor();

  await page.getByRole('button', { name: 'Export CSV' }).click();
  const toast = page.getByTestId('export-toast');
  await toast.waitFor();
  assert.match(await toast.innerText(), new RegExp(`${invited} rows?`));
  const { rows: csv } = readStatusCSV(await page.getByTestId('export-toast-path').innerText());
  assert.equal(csv.length, invited, 'one row per person of the Invited tab, not everyone');
  assert.ok(csv.every((r) => r[3] === 'Invited'), 'every row is an invite');
  assert.deepEqual(csv.map((r) => r[1]), await allEmails('Invited'));
  await page.getByTestId('export-toast').getByRole('button', { name: 'Dismiss' }).click();
});

test('a search: select all matches, the CSV has the matches only', async () => {
  await openMembersTab('All');
  const box = page.getByTestId('member-search');
  await box.fill('martin');
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('[data-testid="member-row"]')];
    return r.length > 0 && r.every((x) => x.textContent.toLowerCase().includes('martin'));
  });
  const want = await allEmails('', 'martin');
  assert.ok(want.length > 1, `${want.length} match`);
  await bar().getByRole('button', { name: new RegExp(`^Select all ${want.length}\\b`) }).click();
  await bar().getByText(`${want.length} selected`).waitFor();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await page.getByTestId('export-toast').filter({ hasText: `${want.length} rows` }).waitFor();
  const { rows: csv } = readStatusCSV(await page.getByTestId('export-toast-path').innerText());
  assert.deepEqual(csv.map((r) => r[1]), want);
  await box.fill('');
  await bar().getByRole('button', { name: 'Clear selection' }).click();
});

test('Remind everyone: mail drafts with Bcc, each link under 2,000 characters, every person once', async () => {
  const total = await openMembersTab('All');
  await bar().getByRole('button', { name: new RegExp(`^Select all ${total}\\b`) }).click();
  await bar().getByText(`${total} selected`).waitFor();
  assert.equal(opener.opened().length, 0);
  await bar().getByRole('button', { name: 'Remind…' }).click();
  const status = page.getByTestId('remind-status');
  await status.filter({ hasText: /Mail draft 1 of \d+ opened/ }).waitFor();
  const drafts = num((await status.innerText()).match(/of (\d+)/)[1]);
  assert.ok(drafts >= 3, `${total} people need several drafts, not ${drafts}`);
  assert.match(await status.innerText(), /2,000 characters/);
  await page.screenshot({ path: path.join(artifactsDir, 'chase-remind.png') });
  for (let i = 2; i <= drafts; i++) {
    await status.getByRole('button', { name: `Open draft ${i} of ${drafts}` }).click();
    await status.filter({ hasText: `Mail draft ${i} of ${drafts} opened` }).waitFor();
  }
  const deadline = Date.now() + 10000;
  while (opener.opened().length < drafts && Date.now() < deadline) await sleep(100);
  const links = opener.opened();
  assert.equal(links.length, drafts, 'one mail draft opened per click');
  const bcc = [];
  for (const link of links) {
    assert.ok(link.length <= 2000, `a draft link of ${link.length} characters`);
    const u = new URL(link);
    assert.equal(u.protocol, 'mailto:');
    assert.equal(u.pathname, '', 'nobody in To: everyone in Bcc');
    assert.deepEqual([...u.searchParams.keys()].sort(), ['bcc', 'body', 'subject']);
    bcc.push(...u.searchParams.get('bcc').split(','));
  }
  assert.deepEqual(bcc.sort(), (await allEmails('')).sort());
  await bar().getByRole('button', { name: 'Clear selection' }).click();
});

test('re-send a pending invite from Invites: revoke + invite through the outbox, a new invite date', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Invites' }).click();
  await page.getByRole('heading', { name: 'Invites', level: 1 }).waitFor();
  const row = page.locator('[data-testid="pending-invite"][data-state="pending"]').first();
  await row.waitFor();
  const email = await row.getAttribute('data-email');
  const invitedAt = async () => (await page.evaluate(() => window.go.app.InvitesService.Pending())).items.find((p) => p.email === email)?.invitedAt;
  const before = await invitedAt();
  await row.getByRole('button', { name: 'Re-send…' }).click();
  assert.match(await row.innerText(), /old invite link stops working/);
  await row.getByRole('button', { name: 'Re-send invite' }).click();
  await page.getByTestId('toast').filter({ hasText: '1 invite will be sent again' }).waitFor();
  // The sync it started revokes the old invite and sends a new one: the
  // pending invite shows a later date. Polled from here (a page function
  // that awaits a binding returns a promise, which a wait takes as done).
  let latest;
  for (const deadline = Date.now() + 30000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 300))) {
    const p = (await page.evaluate(() => window.go.app.InvitesService.Pending())).items.find((x) => x.email === email);
    if (p && p.state === 'pending' && !p.resending && p.invitedAt > before) {
      latest = p.invitedAt;
      break;
    }
  }
  assert.ok(latest > before, `the invite of ${email} was not sent again (still dated ${before})`);
  await page.screenshot({ path: path.join(artifactsDir, 'chase-invites-resent.png') });
});
