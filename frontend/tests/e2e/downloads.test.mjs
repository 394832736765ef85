// Downloads end to end: Download Favorites with one photo failing on the
// sandbox CDN (progress, the failure listed with the member's email and the
// reason, the ZIP in ~/Downloads), a run cancelled while its progress shows
// that leaves nothing behind, and the status CSV from the Members header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { artifactsDir, sleep, startApp } from './harness.mjs';
import { parseCSV } from './csv.mjs';

const run = promisify(execFile);
const key = 'sk_sandbox_demo';

let app, page, origin, downloadsDir;
let failing; // { email, photoId }
let firstZip;

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


const dialog = () => page.getByTestId('favorites-dialog');

/** contrast is the WCAG contrast ratio of two computed rgb()/rgba() colours (alpha ignored). */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

before(async () => {
  app = await startApp();
  page = app.page;
  page.on('pageerror', (e) => console.log('# page error stack:', e.stack?.split('\n').slice(0, 6).join(' | ')));
  // The demo syncs at start.
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
  await page.getByTestId('last-sync').getByText(/just now/).waitFor({ timeout: 60000 });
  const info = await page.evaluate(() => window.go.app.SystemService.Info());
  origin = new URL(info.apiUrl).origin;
  // The export folder is resolved per export: ~/Downloads once it exists.
  downloadsDir = path.join(app.home, 'Downloads');
  mkdirSync(downloadsDir, { recursive: true });

  // A finished shoot gets a favorite whose photo always fails on the CDN,
  // so it is not in the photo cache and the export cannot fetch it.
  const { scenarios } = await control('GET', 'scenarios');
  const sc = scenarios.find((s) => s.scenario === 'finished-no-favorite' && s.modelIds?.length);
  assert.ok(sc, 'the demo has a finished shoot without a favorite');
  const fav = await control('POST', 'models/favorite', { modelId: sc.modelIds[0] });
  await control('POST', 'faults', { failPhotos: [fav.photoId] });
  failing = { email: sc.email, photoId: fav.photoId };
  await syncAndWait();
});

after(async () => {
  await app?.close();
});

test('Download Favorites: live progress, one failure with its email, the ZIP in ~/Downloads', async () => {
  await page.keyboard.press('Control+3');
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Download Favorites…' }).click();
  await dialog().waitFor();
  assert.equal(await dialog().getAttribute('data-state'), 'setup');
  // Focus starts inside and stays there.
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="favorites-dialog"]')), 'focus is in the dialog');
  for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="favorites-dialog"]')), 'Tab keeps focus in the dialog');
  assert.equal(await page.getByTestId('export-folder').innerText(), downloadsDir);
  await page.screenshot({ path: path.join(artifactsDir, 'downloads-dialog-setup.png') });

  await dialog().getByRole('button', { name: 'Start download' }).click();
  const bar = page.getByTestId('fav-progress');
  await bar.waitFor();
  // Progress moves: two different readings while running.
  const seen = new Set();
  let shot = false;
  const deadline = Date.now() + 120000;
  while ((await dialog().getAttribute('data-state')) === 'running') {
    const v = await bar.getAttribute('aria-valuenow').catch(() => null);
    if (v !== null) seen.add(Number(v));
    if (!shot && Number(v) > 5) {
      await page.screenshot({ path: path.join(artifactsDir, 'downloads-dialog-progress.png') });
      shot = true;
      // Esc while running asks first; a second Esc keeps the dialog.
      await page.keyboard.press('Escape');
      await page.getByRole('alertdialog').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('alertdialog').waitFor({ state: 'detached' });
      assert.ok(await dialog().isVisible());
    }
    assert.ok(Date.now() < deadline, 'the export did not finish in time');
    await sleep(100);
  }
  assert.ok(seen.size >= 2, `progress moved: ${[...seen].join(', ')}`);
  assert.equal(await dialog().getAttribute('data-state'), 'succeeded');

  const failures = page.getByTestId('fav-failures').locator('li');
  assert.equal(await failures.count(), 1, 'exactly one failure');
  const failText = await failures.first().innerText();
  assert.ok(failText.includes(failing.email), `the failure names ${failing.email}: ${failText}`);
  // …and says why, not just who.
  const reason = (await failures.first().locator('.reason').innerText()).trim();
  console.log(`# failure reason: ${reason}`);
  assert.ok(reason.length > 5 && !reason.includes(failing.email), `the failure gives a reason: ${reason}`);
  await dialog().getByRole('button', { name: 'Show in folder' }).waitFor();
  await page.screenshot({ path: path.join(artifactsDir, 'downloads-dialog-finished.png') });

  const zips = readdirSync(downloadsDir).filter((n) => /^team-photos-\d{4}-\d{2}-\d{2}\.zip$/.test(n));
  assert.equal(zips.length, 1, `one archive in ~/Downloads: ${readdirSync(downloadsDir)}`);
  firstZip = zips[0];
  const { stdout } = await run('unzip', ['-Z1', path.join(downloadsDir, firstZip)], { maxBuffer: 16 << 20 });
  const names = stdout.split('\n').filter(Boolean);
  const folders = new Map();
  for (const n of names) {
    const i = n.lastIndexOf('/');
    const dir = n.slice(0, i);
    folders.set(dir, [...(folders.get(dir) ?? []), n.slice(i + 1)]);
  }
  const titled = [...folders.keys()].find((d) => / - /.test(d) && d.includes('@'));
  assert.ok(titled, 'a folder named "email - title"');
  assert.deepEqual(folders.get(titled).sort(), ['headshot.jpg', 'pfp.jpg']);
  assert.ok(![...folders.keys()].some((d) => d.startsWith(failing.email)), 'the failed member has no folder');
  const summary = await page.getByTestId('fav-outcome').innerText();
  assert.match(summary, new RegExp(`${folders.size} of ${folders.size + 1} exported`));
});

test('a running export shows its progress, cancels, and leaves nothing at the target and no temp file', async () => {
  // The uncached photo now also answers slowly: the export waits on it.
  await control('POST', 'faults', { failPhotos: [failing.photoId], cdnLatency: '5s' });
  await dialog().getByRole('button', { name: 'New export' }).click();
  await dialog().getByRole('button', { name: 'Start download' }).click();
  const bar = page.getByTestId('fav-progress');
  await bar.waitFor();
  // Live progress of the real job: the bar gets a total and a count below
  // it while the slow photo holds the export back.
  await page.waitForFunction(() => document.querySelector('[data-testid="fav-progress"]')?.hasAttribute('aria-valuemax'), null, { timeout: 30000 });
  const [done, total] = [Number(await bar.getAttribute('aria-valuenow')), Number(await bar.getAttribute('aria-valuemax'))];
  assert.ok(total > 1 && done >= 0 && done < total, `running export at ${done} of ${total}`);
  assert.match(await bar.getAttribute('aria-valuetext'), new RegExp(`of ${total.toLocaleString('en-US')} people`));
  assert.equal(await dialog().getAttribute('data-state'), 'running');

  // The Cancel button is readable: its text colour is not its background.
  const cancelButton = dialog().getByRole('button', { name: 'Cancel export' });
  const look = await cancelButton.evaluate((el) => {
    const s = getComputedStyle(el);
    return { color: s.color, background: s.backgroundColor };
  });
  assert.notEqual(look.color, look.background, `Cancel export: text ${look.color} on ${look.background}`);
  assert.ok(contrast(look.color, look.background) >= 4.5, `Cancel export contrast ${contrast(look.color, look.background).toFixed(2)} (${look.color} on ${look.background})`);
  await page.screenshot({ path: path.join(artifactsDir, 'downloads-dialog-cancel.png') });

  await cancelButton.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="favorites-dialog"]')?.getAttribute('data-state') === 'cancelled', null, { timeout: 30000 });
  assert.match(await page.getByTestId('fav-outcome').innerText(), /Nothing was saved/);
  await control('DELETE', 'faults');
  const left = readdirSync(downloadsDir);
  assert.deepEqual(left, [firstZip], `only the first archive is there: ${left}`);

  // Esc closes a dialog that is not running; focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await dialog().waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Download Favorites…');
});

test('Export CSV from the Members header: the file, its header and one row per person', async () => {
  const allTab = page.getByRole('tab', { name: /^All/ });
  const all = Number.parseInt((await allTab.innerText()).replace(/\D/g, ''), 10);
  assert.ok(all > 100, `All shows ${all}`);
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const toast = page.getByTestId('export-toast');
  await toast.waitFor();
  const file = await page.getByTestId('export-toast-path').innerText();
  assert.equal(path.dirname(file), downloadsDir);
  assert.match(path.basename(file), /^team-status-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(existsSync(file));
  const text = readFileSync(file, 'utf8');
  assert.ok(text.startsWith('\ufeffTeam Name,Email,Title,Status,Finished Date'), `header: ${text.slice(0, 80)}`);
  const rows = parseCSV(text.slice(1));
  assert.equal(rows.length - 1, all, 'one row per person in the All tab');
  assert.match(await toast.innerText(), new RegExp(`${all.toLocaleString('en-US')} rows`));
  await page.screenshot({ path: path.join(artifactsDir, 'downloads-members-csv.png') });

  // The Downloads view lists this session's exports.
  await page.keyboard.press('Control+6');
  await page.getByRole('heading', { name: 'Downloads', level: 1 }).waitFor();
  const entries = page.getByTestId('export-entry');
  assert.equal(await entries.count(), 3);
  assert.deepEqual(
    await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))),
    ['succeeded', 'cancelled', 'succeeded'],
  );
  await page.screenshot({ path: path.join(artifactsDir, 'downloads-view.png') });
});
