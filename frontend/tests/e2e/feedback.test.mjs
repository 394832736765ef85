// Menus and feedback in a small window (1024×700): Actions menus stay clear
// of the sidebar and inside the window; notices show where the person is
// looking and "moved to Actioned" can be undone there; focus lands somewhere
// sensible after keyboard actions; Members rows fit; a search that matches
// nobody says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, startApp } from './harness.mjs';

let app, page;

before(async () => {
  app = await startApp();
  page = app.page;
  mkdirSync(path.join(app.home, 'Downloads'), { recursive: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
});

after(async () => {
  await app?.close();
});

async function openHeadshots() {
  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { name: 'Headshots', level: 1 }).waitFor();
  await page.getByTestId('finished-card').first().waitFor({ timeout: 30000 });
}

/** menuBox is the open menu's rectangle, with the sidebar's right edge and the window size. */
const menuBox = () =>
  page.evaluate(() => {
    const m = document.querySelector('[role="menu"]').getBoundingClientRect();
    const nav = document.querySelector('nav[aria-label="Main"]').getBoundingClientRect();
    return { left: m.left, right: m.right, top: m.top, bottom: m.bottom, sidebar: nav.right, width: innerWidth, height: innerHeight - (document.querySelector('footer')?.getBoundingClientRect().height ?? 0) };
  });

function assertInside(box, what) {
  assert.ok(box.left >= box.sidebar, `${what}: the menu starts at ${box.left}, under the sidebar (ends at ${box.sidebar})`);
  assert.ok(box.right <= box.width, `${what}: the menu ends at ${box.right}, past the window (${box.width})`);
  assert.ok(box.top >= 0 && box.bottom <= box.height, `${what}: the menu spans ${box.top}–${box.bottom}, outside 0–${box.height}`);
}

test('Actions menus open clear of the sidebar and inside the window, flipping up near the bottom', async () => {
  await openHeadshots();
  // Narrow cards: a menu wider than its card must not slide under the sidebar.
  await page.setViewportSize({ width: 960, height: 700 });
  const first = page.getByTestId('finished-card').first();
  await first.getByTestId('card-actions').click();
  await page.getByRole('menu').waitFor();
  assertInside(await menuBox(), 'first card');
  await page.keyboard.press('Escape');

  // A card whose Actions button sits at the bottom edge of the window.
  await page.setViewportSize({ width: 1024, height: 700 });
  const card = page.getByTestId('finished-card').nth(4);
  const button = card.getByTestId('card-actions');
  await button.evaluate((b) => {
    const main = document.querySelector('main');
    const r = b.getBoundingClientRect();
    main.scrollTop += r.bottom - (innerHeight - 40);
  });
  await button.click();
  await page.getByRole('menu').waitFor();
  const box = await menuBox();
  assertInside(box, 'card at the bottom');
  const b = await button.boundingBox();
  assert.ok(box.bottom <= b.y + 1, 'the menu opened upwards, above its button');
  await page.screenshot({ path: path.join(artifactsDir, 'feedback-menu-flipped.png') });
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'card-actions');
});

test('"Moved to Actioned" shows in view with Undo, which brings the card back', async () => {
  const card = page.getByTestId('finished-card').nth(5);
  const email = await card.getAttribute('data-email');
  await card.scrollIntoViewIfNeeded();
  await card.getByTestId('card-actions').click();
  await page.getByRole('menuitem', { name: 'Mark as actioned' }).click();
  const notice = page.getByTestId('headshots-notice').filter({ hasText: 'moved to Actioned' });
  await notice.waitFor();
  const r = await notice.boundingBox();
  const vh = page.viewportSize().height;
  assert.ok(r && r.y >= 0 && r.y + r.height <= vh, `the notice is in view (${r?.y}–${r && r.y + r.height} of ${vh})`);
  assert.ok(
    await notice.evaluate((n) => !!n.closest('[aria-live]') || ['status', 'alert'].includes(n.getAttribute('role'))),
    'the notice is announced (aria-live)',
  );
  await page.screenshot({ path: path.join(artifactsDir, 'feedback-actioned-undo.png') });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await page.locator(`[data-testid="finished-card"][data-email="${email}"]`).waitFor();
  await page.getByTestId('tab-actioned').waitFor({ state: 'detached' });
});

test('keyboard Mark as actioned: focus moves to the next card, not the page', async () => {
  const card = page.getByTestId('finished-card').nth(2);
  const next = await page.getByTestId('finished-card').nth(3).getAttribute('data-email');
  const email = await card.getAttribute('data-email');
  await card.getByTestId('card-actions').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menu').waitFor();
  for (let i = 0; i < 8; i++) {
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())).startsWith('Mark as actioned')) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.locator(`[data-testid="finished-card"][data-email="${email}"]`).waitFor({ state: 'detached' });
  await page.waitForTimeout(300);
  const focus = await page.evaluate(() => {
    const a = document.activeElement;
    return { tag: a?.tagName, testid: a?.getAttribute('data-testid'), card: a?.closest('[data-testid="finished-card"]')?.getAttribute('data-email') };
  });
  assert.notEqual(focus.tag, 'BODY', 'focus did not drop to the page');
  assert.equal(focus.testid, 'card-actions');
  assert.equal(focus.card, next, 'focus is on the next card’s Actions');
  // Undo from the keyboard too: the notice's Undo.
  await page.getByTestId('headshots-notice').getByRole('button', { name: 'Undo' }).click();
  await page.locator(`[data-testid="finished-card"][data-email="${email}"]`).waitFor();
});

test('keyboard Download PFP in the member detail keeps focus on the button', async () => {
  const card = page.getByTestId('finished-card').first();
  await card.getByRole('button', { name: /^View results of/ }).click();
  const dlg = page.getByTestId('member-detail');
  await dlg.waitFor();
  await dlg.getByRole('tab', { name: 'Profile Picture' }).click();
  const button = dlg.getByTestId('pfp-download');
  await button.focus();
  await page.keyboard.press('Enter');
  await dlg.getByTestId('detail-notice').filter({ hasText: 'Saved' }).waitFor({ timeout: 30000 });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'pfp-download', 'focus stayed on Download PFP');
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'detached' });
});

test('keyboard Download PFP from a card keeps focus on its Actions', async () => {
  const card = page.getByTestId('finished-card').first();
  await card.getByTestId('card-actions').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menu').waitFor();
  for (let i = 0; i < 8; i++) {
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())).startsWith('Download PFP')) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.getByTestId('headshots-notice').filter({ hasText: 'Saved' }).waitFor({ timeout: 30000 });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'card-actions');
});

test('a search that matches nobody says "No one matches", never "No pending invites"', async () => {
  await page.getByTestId('headshots-search').fill('zzqx');
  for (const id of ['finished', 'inProgress', 'invited', 'deleted']) {
    await page.getByTestId(`section-${id}`).filter({ hasText: 'No one matches “zzqx”' }).waitFor();
  }
  const text = await page.locator('main').innerText();
  assert.ok(!text.includes('No pending invites'), 'no "No pending invites." under a search');
  await page.screenshot({ path: path.join(artifactsDir, 'feedback-no-match.png') });
  await page.getByTestId('headshots-search').fill('');
});

test('Members at 1024×700: rows fit and "Mark as actioned" is not cut off', async () => {
  await page.keyboard.press('Control+3');
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'List' }).click();
  await page.getByRole('tab', { name: /^Finished/ }).click();
  await page.getByTestId('member-row').first().getByRole('button', { name: 'Mark as actioned' }).waitFor();
  const bad = await page.evaluate(() => {
    const list = document.querySelector('[data-testid="member-list"]').getBoundingClientRect();
    const out = [];
    for (const r of document.querySelectorAll('[data-testid="member-row"]')) {
      if (r.scrollWidth > r.clientWidth + 1) out.push(`row overflows: ${r.scrollWidth} > ${r.clientWidth}`);
      const b = r.querySelector('.act button')?.getBoundingClientRect();
      const row = r.getBoundingClientRect();
      if (b && (b.right > row.right || b.right > list.right || b.left < row.left)) out.push(`button ${b.left}–${b.right} outside ${row.left}–${Math.min(row.right, list.right)}`);
    }
    const l = document.querySelector('[data-testid="member-list"]');
    if (l.scrollWidth > l.clientWidth + 1) out.push(`the list scrolls sideways: ${l.scrollWidth} > ${l.clientWidth}`);
    return out;
  });
  assert.deepEqual(bad, []);
  await page.screenshot({ path: path.join(artifactsDir, 'feedback-members-1024.png') });
});
