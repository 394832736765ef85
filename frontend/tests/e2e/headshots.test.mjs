// The Headshots page and the member detail, driven in Chromium against the
// development build with the real Go bindings and the embedded demo org.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, startApp } from './harness.mjs';

let app, page;

before(async () => {
  app = await startApp();
  page = app.page;
  // Download PFP writes into ~/Downloads when it exists.
  mkdirSync(path.join(app.home, 'Downloads'), { recursive: true });
});

after(async () => {
  await app?.close();
});

const num = (s) => Number.parseInt(String(s).replace(/[^0-9]/g, ''), 10);
const tabCount = async (id) => num(await page.getByTestId(`tab-${id}`).locator('.count').innerText());
const sectionTotal = async (id) => {
  const loc = page.getByTestId(`section-${id}`);
  await page.waitForFunction((s) => document.querySelector(`[data-testid="section-${s}"]`)?.getAttribute('data-total') !== '', id);
  return num(await loc.getAttribute('data-total'));
};

async function openHeadshots() {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Headshots' }).click();
  await page.getByRole('heading', { name: 'Headshots', level: 1 }).waitFor();
}

test('sections, tiles and tabs agree with each other', async () => {
  await page.getByTestId('tile-total').waitFor({ timeout: 30000 }); // the first sync finished
  await openHeadshots();
  await page.getByTestId('finished-card').first().waitFor({ timeout: 30000 });
  for (const label of ['Total Members', 'Finished photoshoots', 'In Progress', 'Pending Invite']) {
    assert.ok(await page.getByText(label, { exact: true }).isVisible(), `tile ${label}`);
  }
  const total = num(await page.getByTestId('hs-total').locator('.tile-value').innerText());
  const finished = num(await page.getByTestId('hs-finished').locator('.tile-value').innerText());
  const progress = num(await page.getByTestId('hs-progress').locator('.tile-value').innerText());
  const invites = num(await page.getByTestId('hs-invites').locator('.tile-value').innerText());
  assert.ok(total > 100 && finished > 0 && progress > 0 && invites > 0, `tiles ${total} ${finished} ${progress} ${invites}`);
  assert.equal(await tabCount('all'), total);
  assert.equal(await tabCount('finished'), finished);
  assert.equal(await tabCount('joined'), progress);
  assert.equal(await tabCount('invited'), invites);
  assert.equal(await page.getByTestId('tab-actioned').count(), 0, 'no Actioned tab while nothing is actioned');
  assert.equal(await sectionTotal('finished'), finished);
  assert.equal(await sectionTotal('inProgress'), progress);
  assert.equal(await sectionTotal('invited'), invites);
  assert.equal(await sectionTotal('deleted'), await tabCount('deleted'));
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="finished-card"] img');
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 30000 });
  await page.screenshot({ path: path.join(artifactsDir, 'headshots-page.png') });
  // Long sections page: only the first page of cards is rendered.
  const cards = await page.getByTestId('finished-card').count();
  assert.ok(cards <= 24 && cards > 0, `${cards} cards rendered`);
  if (finished > 24) {
    await page.getByTestId('section-finished').getByRole('button', { name: 'Show more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="finished-card"]').length > 24);
  }
  // Every finished card shows its retry state.
  assert.match(await page.getByTestId('finished-card').first().getByTestId('retry').innerText(), /Retry possible until|No retry: /);

  // Tabs filter the sections.
  await page.getByTestId('tab-invited').click();
  await page.getByTestId('section-invited').waitFor();
  assert.equal(await page.getByTestId('section-finished').count(), 0);
  assert.equal(await page.getByTestId('section-inProgress').count(), 0);
  await page.getByTestId('tab-joined').click();
  await page.getByTestId('section-inProgress').waitFor();
  assert.equal(await page.getByTestId('section-invited').count(), 0);
  await page.getByTestId('tab-all').click();
});

test('the team selector rescopes every count and list', async () => {
  const select = page.getByTestId('headshots-team');
  await select.waitFor();
  const allTotal = await tabCount('all');
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(options.length > 1, 'several teams');
  await select.selectOption(options[0]);
  await page.waitForFunction(
    (t) => {
      const n = Number.parseInt((document.querySelector('[data-testid="tab-all"] .count')?.textContent ?? '').replace(/[^0-9]/g, ''), 10);
      return n > 0 && n < t;
    },
    allTotal,
  );
  const teamFinished = await tabCount('finished');
  await page.waitForFunction(
    (n) => Number.parseInt(document.querySelector('[data-testid="section-finished"]')?.getAttribute('data-total') ?? '-1', 10) === n,
    teamFinished,
  );
  const teamTile = num(await page.getByTestId('hs-total').locator('.tile-value').innerText());
  assert.equal(teamTile, await tabCount('all'));
  assert.equal(await sectionTotal('invited'), await tabCount('invited'));
  await select.selectOption('');
  await page.waitForFunction(
    (t) => Number.parseInt((document.querySelector('[data-testid="tab-all"] .count')?.textContent ?? '').replace(/[^0-9]/g, ''), 10) === t,
    allTotal,
  );
});

test('search by name or email from two characters', async () => {
  const first = page.getByTestId('finished-card').first();
  const email = await first.getAttribute('data-email');
  const box = page.getByTestId('headshots-search');
  await box.fill(email.slice(0, 1));
  await page.waitForTimeout(400);
  assert.ok((await page.getByTestId('finished-card').count()) > 1, 'one character does not filter');
  await box.fill(email);
  await page.waitForFunction(
    (e) => {
      const cards = [...document.querySelectorAll('[data-testid="finished-card"]')];
      return cards.length === 1 && cards[0].getAttribute('data-email') === e;
    },
    email,
  );
  assert.equal(await sectionTotal('invited'), 0);
  await box.fill('');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="finished-card"]').length > 1);
});

test('Mark as actioned moves a card into the Actioned list and Undo brings it back', async () => {
  const finishedBefore = await sectionTotal('finished');
  const card = page.getByTestId('finished-card').first();
  const email = await card.getAttribute('data-email');
  // The Actions menu works from the keyboard and Esc closes it.
  const menuButton = card.getByTestId('card-actions');
  await menuButton.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menu').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'menuitem');
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'card-actions');

  await menuButton.click();
  const items = await page.getByRole('menuitem').allInnerTexts();
  for (const want of ['View results', 'Download PFP', 'Mark as actioned', 'Send access link']) {
    assert.ok(items.some((t) => t.startsWith(want)), `menu has ${want}: ${items.join(' | ')}`);
  }
  await page.getByRole('menuitem', { name: 'Mark as actioned' }).click();
  await page.getByTestId('tab-actioned').waitFor();
  assert.equal(await tabCount('actioned'), 1);
  await page.waitForFunction((n) => document.querySelector('[data-testid="section-finished"]')?.getAttribute('data-total') === String(n), finishedBefore - 1);
  assert.equal(await page.locator(`[data-testid="finished-card"][data-email="${email}"]`).count(), 0);
  // The Actioned list is collapsed below Finished; open it.
  const actioned = page.getByTestId('section-actioned');
  assert.equal(await sectionTotal('actioned'), 1);
  await actioned.getByRole('button', { name: /Actioned/ }).click();
  const entry = actioned.getByTestId('actioned-row');
  await entry.waitFor();
  assert.equal(await entry.getAttribute('data-email'), email);
  await page.screenshot({ path: path.join(artifactsDir, 'headshots-actioned.png') });
  await entry.getByRole('button', { name: `Undo actioned for ${email}` }).click();
  await page.getByTestId('tab-actioned').waitFor({ state: 'detached' });
  await page.locator(`[data-testid="finished-card"][data-email="${email}"]`).waitFor();
  assert.equal(await sectionTotal('finished'), finishedBefore);
});

test('View results shows the gallery, full size and the profile picture', async () => {
  const card = page.getByTestId('finished-card').first();
  const email = await card.getAttribute('data-email');
  await card.getByTestId('card-actions').click();
  await page.getByRole('menuitem', { name: 'View results' }).click();
  const dlg = page.getByTestId('member-detail');
  await dlg.waitFor();
  await dlg.getByText(email).first().waitFor();

  // A modal: focus starts inside and Tab / Shift+Tab cycle without leaving it.
  const focusInDetail = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="member-detail"]'));
  assert.ok(await focusInDetail(), 'focus is in the member detail');
  for (let i = 0; i < 10; i++) await page.keyboard.press('Tab');
  assert.ok(await focusInDetail(), 'Tab keeps focus in the member detail');
  for (let i = 0; i < 10; i++) await page.keyboard.press('Shift+Tab');
  assert.ok(await focusInDetail(), 'Shift+Tab keeps focus in the member detail');
  // The shell's shortcuts do nothing behind it: no screen switch, no second dialog.
  const screen = () => page.locator('main').getAttribute('aria-label');
  for (const key of ['Control+1', 'Control+3', 'Control+7', 'Control+d']) await page.keyboard.press(key);
  await page.waitForTimeout(300);
  assert.equal(await screen(), 'Headshots', 'Ctrl+number did not switch the screen behind the member detail');
  assert.equal(await page.locator('main h1').innerText(), 'Headshots');
  assert.equal(await page.getByTestId('favorites-dialog').count(), 0, 'Ctrl+D did not open Download Favorites over it');
  assert.ok(await dlg.isVisible(), 'the member detail is still open');
  // The gallery loads from the cache; the refresh job downloads the thumbnails.
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('[data-testid="gallery-img"]')];
    return imgs.length >= 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  }, null, { timeout: 30000 });
  assert.ok(await dlg.getByText('★ Favorite').first().isVisible(), 'the favorite is marked');
  assert.match(await dlg.innerText(), /download links valid until/);
  await page.screenshot({ path: path.join(artifactsDir, 'member-detail-gallery.png') });

  // Full size, downloaded on demand.
  await dlg.locator('.ph').nth(1).click();
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="full-view"] img');
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 30000 });
  await page.keyboard.press('Escape'); // back to the grid, dialog stays
  await dlg.getByTestId('gallery').waitFor();

  // Profile Picture tab: the 600×600 preview from /media/pfp and Download.
  await dlg.getByRole('tab', { name: 'Profile Picture' }).click();
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="pfp-img"]');
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth === 600 && img.naturalHeight === 600;
  }, null, { timeout: 30000 });
  assert.match(await dlg.getByTestId('pfp-img').getAttribute('src'), /^\/media\/pfp\/[^/]+\/v\d+-square-600-[^/]+$/);
  await page.screenshot({ path: path.join(artifactsDir, 'member-detail-pfp.png') });
  await dlg.getByTestId('pfp-download').click();
  await dlg.getByTestId('detail-notice').filter({ hasText: 'Saved' }).waitFor();
  assert.match(await dlg.getByTestId('detail-notice').innerText(), new RegExp(`Saved Downloads/${email.replace(/[.+]/g, '\\$&')}-pfp\\.png`));
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'detached' });
  // Focus is back on what opened it (the card's Actions button).
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'card-actions');
  // …and the shortcuts work again.
  await page.keyboard.press('Control+1');
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  await openHeadshots();
  await page.getByTestId('finished-card').first().waitFor();
});

test('Download PFP from the card writes a 600×600 PNG into Downloads, never overwriting', async () => {
  const card = page.getByTestId('finished-card').first();
  const email = await card.getAttribute('data-email');
  await card.getByTestId('card-actions').click();
  await page.getByRole('menuitem', { name: /^Download PFP 600/ }).click();
  await page.getByTestId('headshots-notice').filter({ hasText: 'Saved' }).waitFor({ timeout: 30000 });
  const dir = path.join(app.home, 'Downloads');
  const files = readdirSync(dir).filter((f) => f.startsWith(email)).sort();
  assert.deepEqual(files, [`${email}-pfp (2).png`, `${email}-pfp.png`]);
  for (const f of files) {
    const buf = readFileSync(path.join(dir, f));
    assert.equal(buf.subarray(1, 4).toString(), 'PNG');
    assert.equal(buf.readUInt32BE(16), 600, `${f} width`);
    assert.equal(buf.readUInt32BE(20), 600, `${f} height`);
  }
});

test('Members: grid view with photo cards, remembered', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Members' }).click();
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Grid' }).click();
  await page.getByTestId('member-card').first().waitFor();
  const cards = await page.getByTestId('member-card').count();
  assert.ok(cards > 4 && cards < 80, `${cards} cards rendered (virtualised)`);
  await page.screenshot({ path: path.join(artifactsDir, 'members-grid.png') });
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Members' }).click();
  await page.getByTestId('member-card').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Grid' }).getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: 'List' }).click();
  await page.getByTestId('member-row').first().waitFor();
});
