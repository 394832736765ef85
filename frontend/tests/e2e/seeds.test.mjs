// The seed's places on the Headshots page: Download Favorites in the
// Finished section header and Export in the page header, both scoped to the
// selected team; Ctrl+D opens Download Favorites with the team the screen
// shows, not "Everyone".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, startApp } from './harness.mjs';
import { readStatusCSV } from './csv.mjs';

let app, page, team;

before(async () => {
  app = await startApp();
  page = app.page;
  mkdirSync(path.join(app.home, 'Downloads'), { recursive: true });
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
});

after(async () => {
  await app?.close();
});

const num = (s) => Number.parseInt(String(s).replace(/[^0-9]/g, ''), 10);
const dialog = () => page.getByTestId('favorites-dialog');

// dialogTeam is the Download Favorites dialog's team once its team list has
// loaded (until then the select has only "Everyone" to show).
async function dialogTeam() {
  const combo = dialog().getByRole('combobox', { name: 'Team' });
  await combo.locator('option[value]:not([value=""])').first().waitFor({ state: 'attached', timeout: 30000 });
  await page.waitForFunction((id) => document.querySelector('[data-testid="favorites-dialog"] select')?.value === id, team.id, { timeout: 10000 }).catch(() => {});
  return combo.inputValue();
}

test('Headshots: pick a team; Download Favorites in the Finished header opens scoped to it', async () => {
  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { name: 'Headshots', level: 1 }).waitFor();
  const select = page.getByTestId('headshots-team');
  await select.waitFor();
  const options = await select.locator('option').evaluateAll((os) => os.filter((o) => o.value).map((o) => ({ id: o.value, name: o.textContent })));
  team = options.find((o) => o.name === 'Design') ?? options[0];
  await select.selectOption(team.id);
  await page.waitForFunction(() => document.querySelector('[data-testid="section-finished"]')?.getAttribute('data-total') !== '');

  const finished = page.getByTestId('section-finished');
  const button = finished.locator('header').getByRole('button', { name: /Download Favorites/ });
  await button.click();
  await dialog().waitFor();
  assert.equal(await dialogTeam(), team.id, `the dialog is for ${team.name}`);
  await page.screenshot({ path: path.join(artifactsDir, 'seeds-headshots-favorites.png') });
  await page.keyboard.press('Escape');
  await dialog().waitFor({ state: 'detached' });
});

test('Ctrl+D opens Download Favorites with the selected team, not Everyone', async () => {
  await page.locator('main h1').click(); // focus away from the select
  await page.keyboard.press('Control+d');
  await dialog().waitFor();
  assert.equal(await dialogTeam(), team.id);
  await page.keyboard.press('Escape');
  await dialog().waitFor({ state: 'detached' });

  // Members with a team picked: the same.
  await page.keyboard.press('Control+3');
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
  await page.getByRole('combobox', { name: 'Team' }).selectOption(team.id);
  await page.locator('main h1').click();
  await page.keyboard.press('Control+d');
  await dialog().waitFor();
  assert.equal(await dialogTeam(), team.id);
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Team' }).selectOption('');
});

test('Export in the Headshots header writes the status CSV of the selected team', async () => {
  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { name: 'Headshots', level: 1 }).waitFor();
  const select = page.getByTestId('headshots-team');
  // The team stays picked on the Headshots page.
  assert.equal(await select.inputValue(), team.id);
  await page.waitForFunction(() => Number.parseInt(document.querySelector('[data-testid="tab-all"] .count')?.textContent ?? '', 10) > 0);
  const members = num(await page.getByTestId('tab-all').locator('.count').innerText());
  await page.locator('main header.page-head').getByRole('button', { name: 'Export', exact: true }).click();
  const toast = page.getByTestId('export-toast');
  await toast.filter({ hasText: 'Status CSV saved' }).waitFor();
  const { rows } = readStatusCSV(await page.getByTestId('export-toast-path').innerText());
  assert.equal(rows.length, members, `one row per member of ${team.name}`);
  assert.ok(rows.every((r) => r[0] === team.name), 'every row is in the team');
  await page.screenshot({ path: path.join(artifactsDir, 'seeds-headshots-export.png') });
  await select.selectOption('');
});
