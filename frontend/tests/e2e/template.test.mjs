// The profile picture template in Settings: edit (circle, 512 px, outline),
// the live preview re-renders in Go, save, reload the page, the values
// persist; the member detail then shows the 512 × 512 PNG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, startApp } from './harness.mjs';

let app, page;

before(async () => {
  app = await startApp();
  page = app.page;
});

after(async () => {
  await app?.close();
});

async function openSettings() {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Profile picture template', level: 2 }).waitFor();
  await page.locator('[data-testid="pfp-template-card"][data-loaded="true"]').waitFor(); // the saved template is in the form
}

/** previewLoaded waits for the preview img to have src ≠ prev, fully loaded at width px. */
async function previewLoaded(prev, width) {
  await page.waitForFunction(
    ([prevSrc, w]) => {
      const img = document.querySelector('[data-testid="tpl-preview-img"]');
      return img instanceof HTMLImageElement && img.getAttribute('src') !== prevSrc && img.complete && img.naturalWidth === w && img.naturalHeight === w;
    },
    [prev, width],
    { timeout: 30000 },
  );
  return page.getByTestId('tpl-preview-img').getAttribute('src');
}

test('edit the template with a live preview, save, reload: it persists', async () => {
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 }); // the first sync finished (favorites cached)
  await openSettings();
  const card = page.getByTestId('pfp-template-card');

  // The default: a 600×600 square, nothing to save, nothing to reset.
  assert.ok(await card.getByTestId('tpl-shape-square').isChecked());
  assert.equal(await card.getByTestId('tpl-size').inputValue(), '600');
  assert.ok(await card.getByTestId('tpl-bg-transparent').isChecked());
  assert.ok(await card.getByTestId('tpl-save').isDisabled());
  assert.ok(await card.getByTestId('tpl-reset').isDisabled());
  const first = await previewLoaded(null, 600);
  assert.match(first, /^\/media\/pfp\/[^/]+\/v\d+-square-600-/);
  assert.match(await card.getByText(/JPEG has no transparency/).innerText(), /white when it is transparent/);

  // Circle by keyboard (arrow keys in the radio group), 512 px, a 6 px outline.
  await card.getByTestId('tpl-shape-square').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.ok(await card.getByTestId('tpl-shape-circle').isChecked(), 'arrow keys pick circle');
  await card.getByTestId('tpl-size').fill('512');
  await card.getByTestId('tpl-outline-color').fill('#4f46e5');
  await card.getByTestId('tpl-outline-width').fill('6');
  await card.getByTestId('tpl-dirty').waitFor();

  const circle = await previewLoaded(first, 512);
  assert.notEqual(circle, first);
  assert.match(circle, /\/v\d+-circle-512-bg00000000-ol4f46e5ff\.6-color-head$/);
  // Transparent corners (the checkerboard shows through), an opaque centre.
  const alpha = await page.evaluate(async () => {
    const img = document.querySelector('[data-testid="tpl-preview-img"]');
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return { corner: ctx.getImageData(2, 2, 1, 1).data[3], centre: ctx.getImageData(256, 256, 1, 1).data[3] };
  });
  assert.deepEqual(alpha, { corner: 0, centre: 255 });
  const bg = await page.getByTestId('tpl-preview').evaluate((el) => getComputedStyle(el).backgroundImage);
  assert.match(bg, /conic-gradient/, 'checkerboard behind the preview');

  // A bad size is explained and nothing is sent or saved.
  await card.getByTestId('tpl-size').fill('2000');
  await card.getByTestId('tpl-problem').getByText(/128 to 1024/).waitFor();
  assert.ok(await card.getByTestId('tpl-save').isDisabled());
  await card.getByTestId('tpl-size').fill('512');
  await page.waitForFunction(() => !document.querySelector('[data-testid="tpl-preview"]').classList.contains('busy'), null, { timeout: 30000 });
  await previewLoaded(null, 512);

  await card.getByTestId('tpl-save').click();
  await card.getByTestId('tpl-saved').waitFor();
  assert.ok(await card.getByTestId('tpl-save').isDisabled(), 'saved: nothing left to save');
  await card.screenshot({ path: path.join(artifactsDir, 'settings-pfp-template.png') });

  // Reload the page: the saved values come back from settings.json.
  await page.reload();
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
  await openSettings();
  assert.ok(await card.getByTestId('tpl-shape-circle').isChecked());
  assert.equal(await card.getByTestId('tpl-size').inputValue(), '512');
  assert.equal(await card.getByTestId('tpl-outline-width').inputValue(), '6');
  assert.equal(await card.getByTestId('tpl-outline-color').inputValue(), '#4f46e5');
  assert.ok(await card.getByTestId('tpl-bg-transparent').isChecked());
  assert.equal(await card.getByTestId('tpl-dirty').count(), 0);
  await previewLoaded(null, 512);

  // Reset to default fills in the built-in look (still unsaved).
  await card.getByTestId('tpl-reset').click();
  assert.ok(await card.getByTestId('tpl-shape-square').isChecked());
  assert.equal(await card.getByTestId('tpl-size').inputValue(), '600');
  await card.getByTestId('tpl-dirty').waitFor();
  await previewLoaded(circle, 600);
});

test('the member detail uses the saved template', async () => {
  const t = await page.evaluate(() => window.go.app.SettingsService.PFPTemplate());
  assert.equal(t.shape, 'circle');
  assert.equal(t.size, 512);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Headshots' }).click();
  await page.getByTestId('finished-card').first().waitFor({ timeout: 30000 });
  await page.getByTestId('finished-card').first().getByTestId('card-actions').click();
  await page.getByRole('menuitem', { name: 'View results' }).click();
  const dlg = page.getByTestId('member-detail');
  await dlg.waitFor();
  await dlg.getByRole('tab', { name: 'Profile Picture' }).click();
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="pfp-img"]');
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth === 512;
  }, null, { timeout: 30000 });
  assert.match(await dlg.getByTestId('pfp-img').getAttribute('src'), /\/v\d+-circle-512-/);
  assert.equal(await dlg.getByTestId('pfp-format').innerText(), '512 × 512 PNG');
});
