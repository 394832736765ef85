// Accessibility: axe-core (from npm) checks every screen in the light and
// the dark colour scheme; a serious or critical violation fails the test,
// with the rule, the elements and axe's help text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { artifactsDir, startApp } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let app, page;

before(async () => {
  app = await startApp();
  page = app.page;
  await page.getByTestId('tile-total').waitFor({ timeout: 60000 });
  await page.getByTestId('last-sync').getByText(/just now/).waitFor({ timeout: 60000 });
});

after(async () => {
  await app?.close();
});

const nav = async (label) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label }).click();
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
};

/** The screens, each opened as a person would; `close` undoes what `open` opened over the page. */
const screens = [
  { name: 'overview', open: () => nav('Overview').then(() => page.getByTestId('recent-members').locator('li').first().waitFor()) },
  { name: 'headshots', open: () => nav('Headshots').then(() => page.getByTestId('finished-card').first().waitFor()) },
  {
    name: 'members-list',
    open: async () => {
      await nav('Members');
      await page.getByRole('button', { name: 'List' }).click();
      await page.getByTestId('member-row').first().waitFor();
    },
  },
  {
    name: 'members-grid',
    open: async () => {
      await nav('Members');
      await page.getByRole('button', { name: 'Grid' }).click();
      await page.getByTestId('member-card').first().waitFor();
    },
    close: () => page.getByRole('button', { name: 'List' }).click(),
  },
  {
    name: 'member-detail',
    open: async () => {
      await nav('Headshots');
      await page.getByTestId('finished-card').first().getByRole('button', { name: /^View results of/ }).click();
      await page.getByTestId('member-detail').getByRole('tab', { name: 'Headshots' }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="gallery-img"]').length > 0, null, { timeout: 30000 });
    },
    close: () => page.keyboard.press('Escape').then(() => page.getByTestId('member-detail').waitFor({ state: 'detached' })),
  },
  { name: 'teams', open: () => nav('Teams').then(() => page.getByTestId('team-row').first().waitFor()) },
  { name: 'invites', open: () => nav('Invites').then(() => page.getByTestId('pending-invite').first().waitFor()) },
  { name: 'downloads', open: () => nav('Downloads') },
  { name: 'settings', open: () => nav('Settings').then(() => page.getByTestId('api-key-input').waitFor()) },
  {
    name: 'publish',
    open: async () => {
      await nav('Publish');
      // The match report of the demo directory (checked once, then kept).
      if (!(await page.getByTestId('publish-report').isVisible())) await page.getByTestId('publish-check').click();
      await page.getByTestId('report-row').first().waitFor({ timeout: 60000 });
    },
  },
  {
    name: 'publish-confirm',
    open: async () => {
      await nav('Publish');
      await page.getByTestId('report-row').first().waitFor({ timeout: 60000 });
      await page.getByTestId('publish-start').click();
      await page.getByTestId('publish-confirm').waitFor();
    },
    close: () => page.keyboard.press('Escape').then(() => page.getByTestId('publish-confirm').waitFor({ state: 'detached' })),
  },
  {
    name: 'favorites-dialog',
    open: async () => {
      await nav('Downloads');
      await page.keyboard.press('Control+d');
      await page.getByTestId('favorites-dialog').waitFor();
    },
    close: () => page.keyboard.press('Escape').then(() => page.getByTestId('favorites-dialog').waitFor({ state: 'detached' })),
  },
];

async function axe() {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`),
    }));
  });
}

for (const scheme of ['light', 'dark']) {
  test(`axe-core finds no serious or critical violation on any screen (${scheme})`, async () => {
    await page.emulateMedia({ colorScheme: scheme });
    const failures = [];
    for (const s of screens) {
      await s.open();
      await page.waitForTimeout(250); // transitions and late images
      const found = await axe();
      for (const v of found) {
        const line = `${s.name}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.slice(0, 4).join('\n    ')}`;
        if (v.impact === 'serious' || v.impact === 'critical') failures.push(line);
        else console.log(`# ${scheme} ${line.split('\n')[0]}`);
      }
      await page.screenshot({ path: path.join(artifactsDir, `a11y-${scheme}-${s.name}.png`) });
      await s.close?.();
    }
    assert.deepEqual(failures, [], `axe-core in the ${scheme} scheme:\n${failures.join('\n')}`);
  });
}
