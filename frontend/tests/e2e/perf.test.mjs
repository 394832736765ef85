// The Members list with a 10,000-person organization: how long until the
// first rows show after navigating, and whether scrolling through the
// whole list runs any task longer than 100 ms. Timings are printed as
// measurements (lines starting with "# perf:"); the assertions are about
// what a person sees: rows appear, and the end of the list is reachable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from './harness.mjs';

let app, page;

before(async () => {
  app = await startApp({ extraEnv: { SHOTDESK_DEMO_MEMBERS: '10000', SHOTDESK_DEMO_IMAGE_SCALE: '0.1' } });
  page = app.page;
});

after(async () => {
  await app?.close();
});

test('Members with 10,000 people: first rows, then a scroll to the end', { timeout: 180000 }, async () => {
  // Wait for the first sync of the big demo organization.
  const total = page.getByTestId('tile-total').locator('.tile-value');
  await page.waitForFunction(
    () => Number.parseInt((document.querySelector('[data-testid="tile-total"] .tile-value')?.textContent ?? '0').replace(/,/g, ''), 10) > 9000,
    null,
    { timeout: 120000 },
  );
  const people = Number.parseInt((await total.innerText()).replace(/,/g, ''), 10);

  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    window.__navStart = performance.now();
  });
  await page.keyboard.press('Control+3');
  await page.getByTestId('member-row').first().waitFor();
  const firstRowsMs = await page.evaluate(() => performance.now() - window.__navStart);

  const list = page.getByTestId('member-list');
  await page.getByRole('button', { name: 'List' }).click().catch(() => {}); // list view, if a toggle exists
  const box = await list.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const scrollStart = await page.evaluate(() => performance.now());
  const height = await list.evaluate((el) => el.scrollHeight);
  for (let y = 0; y < height; y += 3000) {
    await page.mouse.wheel(0, 3000);
    await page.waitForTimeout(16);
  }
  // The last rows render once their page is fetched.
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="member-list"]');
    return el && el.scrollTop + el.clientHeight >= el.scrollHeight - 2 && document.querySelectorAll('[data-testid="member-row"]').length > 0;
  });
  const scrollMs = await page.evaluate((s) => performance.now() - s, scrollStart);
  const longTasks = await page.evaluate(() => window.__longTasks);
  const worst = longTasks.length ? Math.max(...longTasks) : 0;

  console.log(`# perf: ${people} people; first rows ${firstRowsMs.toFixed(0)} ms after navigation (target < 500 ms)`);
  console.log(`# perf: scrolled ${height} px in ${scrollMs.toFixed(0)} ms; ${longTasks.filter((d) => d > 100).length} tasks > 100 ms (worst ${worst.toFixed(0)} ms, target none)`);
  assert.ok(people > 9000, `the big demo organization has ${people} people`);
  const rendered = await page.getByTestId('member-row').count();
  assert.ok(rendered > 0 && rendered < 100, `${rendered} rows in the DOM at the end of a 10,000-row list`);
});
