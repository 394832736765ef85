// Lifecycle states as an HR admin meets them in the demo organization, with
// the in-process sandbox's control routes putting shoots into each state:
// in-progress stages shown truthfully (window and CSV), a sync that fails on
// HeadshotPro's side put into words (never a green "Online"), a deleted shoot
// that does not contradict itself and can be restarted, the retry window and
// the 30-day auto-delete, and counts that agree between the screens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, sleep, startApp } from './harness.mjs';
import { parseCSV } from './csv.mjs';

const key = 'sk_sandbox_demo';
const day = 24 * 3600 * 1000;

let app, page, origin, scenarios;

async function control(method, route, body) {
  const res = await fetch(`${origin}/_sandbox/${route}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} /_sandbox/${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** api reads the sandbox's HeadshotPro API the way Shotdesk does. */
async function api(route) {
  const res = await fetch(`${origin}/api/v2/${route}`, { headers: { Authorization: `Bearer ${key}` } });
  assert.ok(res.ok, `GET ${route}: ${res.status}`);
  return res.json();
}

/** syncAndWait runs a sync through the bound service and waits until it is over. */
async function syncAndWait() {
  const before = await page.evaluate(() => window.go.app.SyncService.Status());
  await page.evaluate(() => window.go.app.SyncService.SyncNow());
  const deadline = Date.now() + 60000;
  for (;;) {
    const s = await page.evaluate(() => window.go.app.SyncService.Status());
    if (s.state !== 'syncing' && s.lastSync && s.lastSync !== before.lastSync) return s;
    assert.ok(Date.now() < deadline, `sync did not finish: ${JSON.stringify(s)}`);
    await sleep(200);
  }
}

const person = (name) => {
  const sc = scenarios.find((s) => s.scenario === name && (s.modelIds?.length || name === 'accepted-no-upload'));
  assert.ok(sc, `the demo has a ${name} person`);
  return sc;
};
const num = (s) => Number.parseInt(String(s).replace(/[^0-9]/g, ''), 10);

async function go(name, key) {
  await page.keyboard.press(key);
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** memberRow searches the Members list for one email and returns its row. */
async function memberRow(email) {
  await go('Members', 'Control+3');
  await page.getByRole('tab', { name: /^All/ }).click();
  await page.getByTestId('member-search').fill(email);
  await page.waitForFunction((e) => {
    const rows = [...document.querySelectorAll('[data-testid="member-row"]')];
    return rows.length === 1 && rows[0].textContent.includes(e);
  }, email);
  return page.getByTestId('member-row').first();
}

async function openDetail(email) {
  const row = await memberRow(email);
  await row.locator('.who button').click();
  const dlg = page.getByTestId('member-detail');
  await dlg.getByText(email).first().waitFor();
  return dlg;
}

async function closeDetail() {
  await page.keyboard.press('Escape');
  await page.getByTestId('member-detail').waitFor({ state: 'detached' });
}

/** headshotsCard searches the Headshots page for one email's finished card. */
async function headshotsCard(email) {
  await go('Headshots', 'Control+2');
  await page.getByTestId('tab-all').click();
  await page.getByTestId('headshots-search').fill(email);
  const card = page.locator(`[data-testid="finished-card"][data-email="${email}"]`);
  await card.waitFor();
  return card;
}


/** exportCSV exports the status CSV from the Members header and returns its records. */
async function exportCSV() {
  await go('Members', 'Control+3');
  const pathLoc = page.getByTestId('export-toast-path');
  const before = (await pathLoc.count()) ? await pathLoc.innerText() : '';
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await page.waitForFunction((b) => {
    const t = document.querySelector('[data-testid="export-toast-path"]')?.textContent ?? '';
    return t !== '' && t !== b;
  }, before, { timeout: 30000 });
  return parseCSV(readFileSync(await pathLoc.innerText(), 'utf8').slice(1));
}

/** shownTotal is the "N people" under the Members heading once it equals n. */
async function waitShownTotal(n) {
  await page.waitForFunction((k) => {
    const t = document.querySelector('.members .page-head p')?.textContent ?? '';
    return Number.parseInt(t.replace(/[^0-9]/g, ''), 10) === k;
  }, n);
}

const colors = (loc) =>
  loc.evaluate((el) => {
    const s = getComputedStyle(el);
    return `${s.color} on ${s.backgroundColor}`;
  });

before(async () => {
  app = await startApp();
  page = app.page;
  page.on('pageerror', (e) => console.log('# page error stack:', e.stack?.split('\n').slice(0, 8).join(' | ')));
  mkdirSync(path.join(app.home, 'Downloads'), { recursive: true });
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
  await page.getByTestId('last-sync').getByText(/just now/).waitFor({ timeout: 60000 });
  const info = await page.evaluate(() => window.go.app.SystemService.Info());
  origin = new URL(info.apiUrl).origin;
  ({ scenarios } = await control('GET', 'scenarios'));
});

after(async () => {
  await app?.close();
});

test('in-progress shoots show their own stage: uploading, queued, training, failed (restarting)', async () => {
  const want = [
    ['onboarding', 'uploading', 'Uploading photos'],
    ['waiting', 'queued', 'Queued'],
    ['training', 'training', 'Training'],
    ['failed', 'failed', 'Failed, restarting'],
  ];
  for (const [sc, stage, words] of want) {
    const { email } = person(sc);
    const row = await memberRow(email);
    const badge = row.locator('.badge');
    assert.equal(await badge.innerText(), words, `${sc}: badge`);
    assert.equal(await badge.getAttribute('data-stage'), stage);
    assert.ok((await badge.getAttribute('title'))?.length > 10, `${sc}: the badge explains itself`);
  }
  // A failed shoot: amber, never "Generating", and the detail says HeadshotPro restarts it.
  const failed = person('failed').email;
  const row = await memberRow(failed);
  assert.notEqual(await colors(row.locator('.badge')), await colors((await memberRow(person('training').email)).locator('.badge')), 'failed is not coloured like running');
  const dlg = await openDetail(failed);
  assert.match(await dlg.getByTestId('detail-meta').innerText(), /Failed, restarting/);
  assert.match(await dlg.getByTestId('stage-detail').innerText(), /failed; HeadshotPro restarts it by itself/);
  assert.doesNotMatch(await dlg.innerText(), /Generating/);
  await page.screenshot({ path: path.join(artifactsDir, 'states-failed-detail.png') });
  await closeDetail();

  // The Members "Failed" tab lists them, and the Headshots In Progress section shows the words.
  await go('Members', 'Control+3');
  await page.getByTestId('member-search').fill('');
  const failedTab = page.getByTestId('mtab-failed');
  await failedTab.waitFor();
  const n = num(await failedTab.locator('.count').innerText());
  await failedTab.click();
  await waitShownTotal(n);
  const badges = await page.getByTestId('member-row').locator('.badge').allInnerTexts();
  assert.ok(badges.length === n && badges.every((b) => b === 'Failed, restarting'), `Failed tab rows: ${badges}`);
  await page.screenshot({ path: path.join(artifactsDir, 'states-members-failed-tab.png') });
  await go('Headshots', 'Control+2');
  await page.getByTestId('tab-joined').click();
  await page.getByTestId('headshots-search').fill(failed);
  const hsRow = page.locator(`[data-testid="hs-row"][data-email="${failed}"]`);
  await hsRow.waitFor();
  assert.equal(await hsRow.locator('.badge').innerText(), 'Failed, restarting');
  await page.getByTestId('headshots-search').fill('');
  await page.getByTestId('tab-all').click();

  // The CSV: Status keeps the seed's three values (Joined); Lifecycle has the stage.
  await go('Members', 'Control+3');
  await page.getByRole('tab', { name: /^All/ }).click();
  const rows = await exportCSV();
  for (const [sc, , words] of want) {
    const r = rows.find((x) => x[1] === person(sc).email);
    assert.ok(r, `${sc} in the CSV`);
    assert.equal(r[3], 'Joined', `${sc}: Status`);
    assert.equal(r[5], words, `${sc}: Lifecycle`);
  }
  assert.deepEqual([...new Set(rows.slice(1).map((r) => r[3]))].sort(), ['Finished', 'Invited', 'Joined']);
});

test('a sync HeadshotPro answers with a server error is said in words, and the status bar is not green', async () => {
  await go('Overview', 'Control+1');
  const conn = page.getByTestId('connection');
  assert.equal((await conn.innerText()).trim(), 'Online');
  await control('POST', 'faults', { errorRate: 1, errorStatus: 503 });
  await page.getByTestId('sync-now').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'error', null, { timeout: 60000 });
  assert.equal((await conn.innerText()).trim(), 'Sync failed');
  const dot = await conn.locator('.dot').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(dot, 'rgb(22, 163, 74)', 'the dot is not the green of Online');
  const card = await page.getByTestId('sync-card').locator('.error').innerText();
  assert.match(card, /HeadshotPro had a problem on its side \(HTTP 50\d\)/);
  assert.match(card, /offline copy is unchanged/);
  assert.match(card, /tries again/);
  for (const dev of ['http://', 'GET ', 'headshotpro:', 'INTERNAL_ERROR', 'sync: ']) assert.ok(!card.includes(dev), `no developer text (${dev}): ${card}`);
  assert.match(await page.getByTestId('sync-problem').innerText(), /problem on its side/);
  await page.screenshot({ path: path.join(artifactsDir, 'states-sync-error.png') });
  await control('DELETE', 'faults');
  await page.getByTestId('sync-now').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent?.trim() === 'Online', null, { timeout: 60000 });
  assert.equal(await page.getByTestId('sync-problem').count(), 0);
});

test('counts agree: tabs, sections and both screens; a second shoot folder "(2)" is explained', async () => {
  // Something actioned, so the Finished tab is two sections.
  const card0 = await headshotsCard(person('finished-favorite').email);
  await card0.getByTestId('card-actions').click();
  await page.getByRole('menuitem', { name: 'Mark as actioned' }).click();
  await page.getByTestId('headshots-search').fill('');
  await page.getByTestId('tab-actioned').waitFor();
  const tab = async (id) => num(await page.getByTestId(`tab-${id}`).locator('.count').innerText());
  const total = async (id) => {
    await page.waitForFunction((s) => document.querySelector(`[data-testid="section-${s}"]`)?.getAttribute('data-total') !== '', id);
    return num(await page.getByTestId(`section-${id}`).getAttribute('data-total'));
  };
  await page.waitForFunction(() => document.querySelector('[data-testid="section-actioned"]')?.getAttribute('data-total') === '1');
  // The search was cleared: wait for the Finished section to list everybody again.
  await page.waitForFunction(() => {
    const n = (s) => Number.parseInt((s ?? '').replace(/[^0-9]/g, ''), 10);
    const q = (sel) => document.querySelector(sel);
    return n(q('[data-testid="section-finished"]')?.getAttribute('data-total')) + 1 === n(q('[data-testid="tab-finished"] .count')?.textContent);
  }, null, { timeout: 30000 }).catch(() => {});
  const finished = await tab('finished');
  const toReview = await total('finished');
  assert.equal(toReview + (await total('actioned')), finished, 'Finished tab = Finished section + Actioned section');
  assert.equal(await tab('actioned'), 1);
  assert.match(await page.getByTestId('section-note-finished').innerText(), new RegExp(`1 more marked as actioned below \\(${finished.toLocaleString('en-US')} finished in all\\)`));
  assert.equal(num(await page.getByTestId('hs-finished').locator('.tile-value').innerText()), finished);
  const joined = await tab('joined');
  assert.equal(await total('inProgress'), joined);
  assert.equal(num(await page.getByTestId('hs-progress').locator('.tile-value').innerText()), joined);
  await page.screenshot({ path: path.join(artifactsDir, 'states-headshots-counts.png') });

  // Members: the finished parts add up to the Headshots Finished, Joined is the same number, each tab is its list.
  await go('Members', 'Control+3');
  await page.getByTestId('member-search').fill('');
  await page.getByTestId('mtab-finished').waitFor();
  const m = async (id) => num(await page.getByTestId(`mtab-${id}`).locator('.count').innerText());
  assert.equal((await m('finished')) + (await m('no-favorite')), finished, 'Finished, favorite picked + No favorite = Finished on Headshots');
  assert.equal(await m('joined'), joined, 'Joined is the same number on both screens');
  assert.equal(await m('actioned'), 1);
  assert.match(await page.getByTestId('mtab-no-favorite').getAttribute('title'), new RegExp(`${finished} finished shoots`));
  for (const id of ['finished', 'no-favorite', 'joined', 'invited', 'deleted', 'actioned']) {
    const n = await m(id);
    await page.getByTestId(`mtab-${id}`).click();
    await waitShownTotal(n);
  }
  await page.screenshot({ path: path.join(artifactsDir, 'states-members-tabs.png') });
  await page.getByRole('tab', { name: /^All/ }).click();

  // Undo the mark, from the Actioned list.
  await go('Headshots', 'Control+2');
  await page.getByTestId('section-actioned').getByRole('button', { name: /Actioned/ }).click();
  await page.getByTestId('actioned-row').getByRole('button', { name: /^Undo actioned/ }).click();
  await page.getByTestId('tab-actioned').waitFor({ state: 'detached' });

  // A person with two shoots: two folders, the later one "(2)", said where the shoots are listed.
  const two = person('two-shoots').email;
  const card = await headshotsCard(two);
  assert.match(await card.getByTestId('shoot-count').getAttribute('title'), /“… \(2\)”/);
  await card.locator('button.photo').click();
  const dlg = page.getByTestId('member-detail');
  await dlg.getByTestId('shoots').waitFor();
  const folders = await dlg.getByTestId('shoot-folder').allInnerTexts();
  assert.equal(folders.length, 2);
  assert.ok(folders[0].endsWith(' (2)') && folders[0] === `${folders[1]} (2)`, `folders ${folders}`);
  assert.match(await dlg.getByTestId('folders-explained').innerText(), /its own folder in Download Favorites.*“\(2\)”/s);
  await page.screenshot({ path: path.join(artifactsDir, 'states-two-shoots.png') });
  await closeDetail();
  await page.getByTestId('headshots-search').fill('');
});

test('a deleted shoot does not contradict itself and offers Restart shoot', async () => {
  const { email, modelIds } = person('finished-favorite');
  await control('POST', 'models/delete', { modelId: modelIds[0] });
  await syncAndWait();
  await go('Headshots', 'Control+2');
  await page.getByTestId('tab-deleted').click();
  await page.getByTestId('headshots-search').fill(email);
  const row = page.locator(`[data-testid="hs-row"][data-email="${email}"]`);
  await row.waitFor();
  assert.equal(await row.locator('.badge').innerText(), 'Deleted');
  assert.match(await row.innerText(), /Finished \d/);
  await row.getByTestId('row-actions').click();
  const items = await page.getByRole('menuitem').allInnerTexts();
  assert.ok(items.some((t) => t.startsWith('Restart shoot')), `menu: ${items.join(' | ')}`);
  assert.ok(!items.some((t) => t.startsWith('Give retry')), 'no Give retry on a deleted shoot');
  await page.keyboard.press('Escape');
  await page.getByTestId('headshots-search').fill('');
  await page.getByTestId('tab-all').click();

  const dlg = await openDetail(email);
  const text = await dlg.innerText();
  assert.doesNotMatch(text, /has not finished/);
  assert.doesNotMatch(text, /No results yet/);
  assert.match(await dlg.getByTestId('deleted-note').innerText(), /deleted on HeadshotPro, so its photos are gone there.*Restart shoot/s);
  assert.match(await dlg.getByTestId('detail-meta').innerText(), /Finished \d.*, deleted since/);
  assert.match(await dlg.getByTestId('restart-shoot').getAttribute('title'), /managed members/);
  await page.screenshot({ path: path.join(artifactsDir, 'states-deleted-detail.png') });
  await closeDetail();

  // The CSV: Finished with its date (it did finish), Lifecycle Deleted — not "Joined" with a date.
  const r = (await exportCSV()).find((x) => x[1] === email);
  assert.equal(r[3], 'Finished');
  assert.match(r[4], /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(r[5], 'Deleted');
  await page.getByTestId('member-search').fill('');
});

test('retry window: amber in its last week, green with weeks left; old shoots say what happens to their results', async () => {
  const closing = await headshotsCard(person('retry-window-closing').email);
  const c = closing.getByTestId('retry');
  assert.equal(await c.getAttribute('data-closing'), 'yes');
  assert.match(await c.innerText(), /Retry possible until .* · (\d days? left|ends today)/);
  const amber = await colors(c);
  await page.screenshot({ path: path.join(artifactsDir, 'states-retry-closing.png') });
  const fresh = await headshotsCard(person('non-ascii-name').email);
  const f = fresh.getByTestId('retry');
  assert.equal(await f.getAttribute('data-closing'), 'no');
  assert.doesNotMatch(await f.innerText(), /left/);
  assert.notEqual(await colors(f), amber, 'a window with weeks left does not look like one closing');
  await page.getByTestId('headshots-search').fill('');

  // 88 days old: the retry window is over, and the organization evidently keeps results.
  const dlg = await openDetail(person('retention-expiring').email);
  assert.match(await dlg.getByTestId('detail-meta').innerText(), /No retry: the 60-day retry window ended/);
  assert.match(await dlg.getByTestId('detail-facts').innerText(), /Finished \d+ days ago; HeadshotPro still has the results, so this organization keeps them past 30 days/);
  await closeDetail();
});

test('an organization that deletes results after 30 days: the date they go, amber in the last week', async () => {
  // Every shoot that finished more than 31 days ago goes, as the setting would do…
  const now = Date.parse((await control('GET', 'clock')).now);
  for (let offset = 0; ; offset += 200) {
    const { models, pagination } = await api(`organization/models?limit=200&offset=${offset}`);
    for (const md of models) {
      if (md.status === 'active' && md.finishedAt && Date.parse(md.finishedAt) < now - 31 * day && !md.isDevelopment) {
        await control('POST', 'models/delete', { modelId: md.id });
      }
    }
    if (!pagination.hasMore) break;
  }
  // …and one shoot finished 26 days ago (the sandbox clock set back for it).
  const { email } = person('accepted-no-upload');
  await control('POST', 'clock', { advance: `${-26 * 24}h` });
  const { model } = await control('POST', 'models/submit', { email });
  await control('POST', 'models/finish', { modelId: model.id, photos: 8 });
  await control('POST', 'clock', { reset: true });
  await control('POST', 'models/favorite', { modelId: model.id });
  await syncAndWait();

  const card = await headshotsCard(email);
  const note = card.getByTestId('results-note');
  assert.equal(await note.getAttribute('data-soon'), 'yes');
  assert.match(await note.innerText(), /HeadshotPro deletes the results \d/);
  assert.match(await note.getAttribute('title'), /HeadshotPro deletes these results on .* \(in 4 days\): this organization deletes results 30 days after a shoot/);
  await page.screenshot({ path: path.join(artifactsDir, 'states-results-expiring.png') });
  await page.getByTestId('headshots-search').fill('');
  const dlg = await openDetail(person('retention-expiring').email);
  assert.match(await dlg.getByTestId('detail-facts').innerText(), /Deleted on HeadshotPro: it finished \d+ days ago, and this organization deletes results 30 days after a shoot/);
  await closeDetail();
  await page.getByTestId('member-search').fill('');
});
