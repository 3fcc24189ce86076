// What a person sees, in the real workbench: squiggles in a template, the Problems panel, the quick-fix menu
// applying a fix, the Findings view, the status bar, the Azure Compliance view over the fake Azure of the run, the
// welcome view of a workspace without infrastructure code, and the packaged extension (which honours no fake
// Azure: it asks to sign in). Each step saves a screenshot.
/* global document -- page functions run in the workbench */
import * as path from 'node:path';
import { freshWorkspace } from './harness/build.mjs';
import { workbenchUrl } from './harness/browser.mjs';
import { ROOT } from './harness/tools.mjs';

const STEP_TIMEOUT = 30_000;

/** Waits until the text of some element matching `selector` (spaces normalised) matches `pattern`. */
function waitForText(page, selector, pattern, negate = false) {
  return page.waitForFunction(
    ([sel, source, neg]) => {
      const re = new RegExp(source);
      const hit = [...document.querySelectorAll(sel)].some((e) => re.test((e.textContent ?? '').replace(/\u00a0/g, ' ')));
      return neg ? !hit : hit;
    },
    [selector, pattern.source, negate],
    { timeout: STEP_TIMEOUT },
  );
}

/** The error and warning counts the ITAR Guard status bar item shows (`$(shield) us-only  $(error) E  $(warning) W`). */
async function statusCounts(page) {
  await waitForText(page, '.statusbar-item', /us-only\s+\d+\s+\d+/);
  return page.evaluate(() => {
    for (const e of document.querySelectorAll('.statusbar-item')) {
      const m = /us-only\s+(\d+)\s+(\d+)/.exec((e.textContent ?? '').replace(/\u00a0/g, ' '));
      if (m) return { errors: Number(m[1]), warnings: Number(m[2]) };
    }
    return undefined;
  });
}

/** Waits until the status bar shows these counts. */
function waitForCounts(page, { errors, warnings }) {
  return waitForText(page, '.statusbar-item', new RegExp(`us-only\\s+${errors}\\s+${warnings}(\\s|$)`));
}

async function openWorkbench(context, server, folder, options = { extensionDevelopmentPath: ROOT }) {
  const page = await context.newPage();
  await page.goto(workbenchUrl(server, folder, options));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return page;
}

/** Expands a view of the sidebar by its title, unless it is expanded already. */
async function expandView(page, title) {
  const header = page.locator('.pane-header', { hasText: title }).first();
  await header.waitFor({ timeout: STEP_TIMEOUT });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
}

/** Expands a tree row by its label, unless it is expanded already. */
async function expandRow(page, text) {
  const row = page.locator('.monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: STEP_TIMEOUT });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: STEP_TIMEOUT });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter');
}

/** Opens a file through Quick Open, trying again when its tab does not become active: the keys can race focus (a hover, a panel). */
async function quickOpen(page, file, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    const timeout = attempt < attempts ? STEP_TIMEOUT / 3 : STEP_TIMEOUT;
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { timeout });
      await page.keyboard.type(file);
      await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${file}"]`, { timeout });
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.tab.active[aria-label*="${file}"]`, { timeout });
      return;
    } catch (e) {
      if (attempt >= attempts) throw e;
    }
  }
}

/** Puts the cursor on a line and column through Go to Line, then opens the quick-fix menu (retrying: it can race focus). */
async function quickFixMenuAt(page, line, column) {
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { timeout: STEP_TIMEOUT });
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+.');
    try {
      await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 5000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error('the quick-fix menu did not open');
}

export async function checkUi(context, server, runDir, shots, fakeAzure) {
  const shot = (page, name) => page.screenshot({ path: path.join(shots, name) });
  let page;
  let step = 'start';
  try {
    step = 'open the workbench';
    page = await openWorkbench(context, server, freshWorkspace(runDir, 'workspace', 'ui'));
    step = 'status bar shows the profile and counts';
    const status = page.locator('.statusbar-item', { hasText: 'us-only' });
    await status.first().waitFor({ timeout: 60_000 });
    const initial = await statusCounts(page);
    const less = (n) => ({ errors: initial.errors - n, warnings: initial.warnings });

    step = 'squiggles in a template';
    await quickOpen(page, 'storage.json');
    await page.waitForSelector('.squiggly-error', { timeout: STEP_TIMEOUT });
    await page.waitForSelector('.squiggly-warning', { timeout: STEP_TIMEOUT });
    await shot(page, '1-squiggles.png');

    step = 'the Problems panel';
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: STEP_TIMEOUT });
    await waitForText(page, '.markers-panel', /region-proscribed/);
    await shot(page, '2-problems.png');

    step = 'the quick-fix menu';
    await page.click('.monaco-editor .view-lines');
    await quickFixMenuAt(page, 7, 25);
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Replace 'eastasia' with" }).first();
    await fix.waitFor({ timeout: STEP_TIMEOUT });
    await waitForText(page, '.action-widget', /Suppress region-proscribed with justification/);
    await shot(page, '3-quick-fix-menu.png');
    const title = (await fix.textContent()) ?? '';
    const region = /with '([a-z0-9]+)'/.exec(title)?.[1];
    if (!region) throw new Error(`unexpected fix title: ${title}`);
    await fix.click();
    await waitForText(page, '.monaco-editor .view-lines', new RegExp(`"defaultValue": "${region}"`));
    await waitForCounts(page, less(1));
    await shot(page, '4-fix-applied.png');

    step = 'suppressing with a justification typed into the input box';
    await quickFixMenuAt(page, 35, 23);
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Suppress region-not-allowed with justification' }).first().click();
    await page.waitForSelector('.quick-input-widget input', { timeout: STEP_TIMEOUT });
    await page.keyboard.type('hosted by the EU partner under licence DSP-5 1234');
    await shot(page, '4b-suppress-reason.png');
    await page.keyboard.press('Enter');
    await waitForText(page, '.monaco-editor .view-lines', /\/\/ itar-guard-ignore region-not-allowed: hosted by the EU partner under licence DSP-5 1234/);
    await waitForText(page, '.markers-panel', /Comments are not permitted/, true);
    await waitForCounts(page, less(2));
    await shot(page, '4c-suppressed.png');
    await page.keyboard.press('Control+Z');
    await waitForCounts(page, less(1));

    step = 'the Findings view';
    await page.locator('.activitybar .action-item a[aria-label^="ITAR Guard"]').click({ force: true });
    await waitForText(page, '.monaco-list-row', new RegExp(`Errors \\(${initial.errors - 1}\\)`));
    await waitForText(page, '.monaco-list-row', new RegExp(`Warnings \\(${initial.warnings}\\)`));
    await waitForText(page, '.monaco-list-row', /Region outside the allowed regions \(\d+\)/);
    await shot(page, '5-findings-view.png');

    step = 'a Bicep file: highlighting, squiggles and the hover on a region';
    await quickOpen(page, 'main.bicep');
    await page.waitForSelector('.squiggly-error', { timeout: STEP_TIMEOUT });
    await page.locator('.view-lines span', { hasText: /^'eastasia'$/ }).first().hover();
    await waitForText(page, '.monaco-hover', /East Asia/);
    await waitForText(page, '.monaco-hover', /Proscribed/);
    await shot(page, '5b-bicep-hover.png');
    await page.mouse.move(5, 5);

    step = 'a Terraform file: highlighting, squiggles and a suppression comment';
    await quickOpen(page, 'main.tf');
    await page.waitForSelector('.squiggly-error', { timeout: STEP_TIMEOUT });
    await shot(page, '5c-terraform.png');

    step = 'the status bar after the fix';
    await waitForCounts(page, less(1));
    await page.locator('.part.statusbar').screenshot({ path: path.join(shots, '6-status-bar.png') });
    await page.locator('.statusbar-item', { hasText: 'us-only' }).first().click();
    await waitForText(page, '.quick-input-list', /us-government/);
    await shot(page, '6b-switch-profile.png');
    await page.keyboard.press('Escape');

    step = 'the Azure Compliance view: both clouds chosen, subscriptions with their counts';
    await runCommand(page, 'Focus on Azure Compliance View');
    await expandView(page, 'Azure Compliance');
    await waitForText(page, '.monaco-list-row', /Contoso ITAR \(public\)\s*\d+ violations? · (\d+ warnings? · )?\d+ compliant/);
    await runCommand(page, 'ITAR Guard: Choose Clouds…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Azure US Government' }).first().click();
    await page.keyboard.press('Enter');
    await waitForText(page, '.monaco-list-row', /Contoso ITAR \(Government\)/);
    // Room for the tree: no panel, the Findings view collapsed, the sidebar wider.
    await page.keyboard.press('Control+J');
    await page.locator('.pane-header', { hasText: 'Findings' }).first().click();
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sidebar.width + 300, sidebar.y + sidebar.height / 2, { steps: 5 });
    await page.mouse.up();
    await expandRow(page, 'Contoso ITAR (public)');
    await expandRow(page, 'Contoso ITAR (Government)');
    await waitForText(page, '.monaco-list-row', /rg-0\s*2 violations · /);
    await shot(page, '9-azure-compliance.png');

    step = 'the Azure Compliance view: violations only, a resource in Hong Kong with its findings and tooltip';
    await page.locator('.action-label[aria-label="Show Violations Only"]').click({ force: true });
    await waitForText(page, '.monaco-list-row', /^\s*rg-1\b/, true);
    await expandRow(page, 'rg-0');
    await expandRow(page, 'sthongkong');
    await expandRow(page, 'stsingapore');
    await waitForText(page, '.monaco-list-row', /Region in a 22 CFR 126\.1 country/);
    await shot(page, '9b-azure-violations.png');
    await page.locator('.monaco-list-row', { hasText: 'sthongkong' }).first().hover();
    await page.locator('.workbench-hover:visible, .monaco-hover:visible', { hasText: 'region-proscribed' }).first().waitFor({ timeout: STEP_TIMEOUT });
    await shot(page, '9c-azure-tooltip.png');
    await page.mouse.move(900, 850);
    await page.keyboard.press('Escape');
    await page.locator('.workbench-hover:visible, .monaco-hover:visible', { hasText: 'region-proscribed' }).first().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });

    step = 'the Azure Compliance view: grouped by region';
    await page.locator('.action-label[aria-label="Show All Resources"]').click({ force: true });
    // The view's title bar is drawn again with the filter's other action; an action clicked meanwhile is gone.
    await page.locator('.action-label[aria-label="Show Violations Only"]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
    await page.locator('.action-label[aria-label="Group by Region"]').click({ force: true });
    await page.locator('.action-label[aria-label="Group by Resource Group"]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
    await waitForText(page, '.monaco-list-row', /East Asia\s*eastasia · 1 violation · 0 compliant/);
    await waitForText(page, '.monaco-list-row', /US Gov Virginia\s*usgovvirginia · /);
    await shot(page, '9d-azure-by-region.png');

    step = 'the Azure Compliance view: a long read shows its progress in a notification that cancels it';
    // Both clouds' queries get no answer: the read lasts until it is cancelled.
    fakeAzure.hangResourceGraph(2);
    await page.locator('.pane-header', { hasText: 'Azure Compliance' }).locator('.action-label[aria-label="Refresh"]').click({ force: true });
    await waitForText(page, '.monaco-list-row', /Azure\s.*reading…/);
    // The headless workbench shows no toast for it; the notification centre lists it, with its Cancel button.
    await runCommand(page, 'Notifications: Show Notifications');
    const notice = page.locator('.notifications-center .notification-list-item', { hasText: 'ITAR Guard: reading Azure' });
    await notice.waitFor({ timeout: STEP_TIMEOUT });
    await waitForText(page, '.notifications-center .notification-list-item', /ITAR Guard: reading Azure: Azure: Reading resources through Resource Graph, 0 resources; Azure US Government: /);
    await shot(page, '9e-azure-long-read.png');
    await notice.hover();
    await notice.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await waitForText(page, '.monaco-list-row', /Refresh cancelled: showing what was read at /);
    await notice.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
    await shot(page, '9f-azure-read-cancelled.png');
    await page.close();

    step = 'the welcome view of a workspace without infrastructure code';
    page = await openWorkbench(context, server, freshWorkspace(runDir, 'empty', 'ui'));
    await page.locator('.activitybar .action-item a[aria-label^="ITAR Guard"]').click({ force: true, timeout: 60_000 });
    await waitForText(page, '.welcome-view-content', /No Bicep, ARM or Terraform files were found/);
    await shot(page, '7-welcome-view.png');
    await page.close();

    step = 'the packaged .vsix, installed as a user installs it';
    page = await openWorkbench(context, server, freshWorkspace(runDir, 'workspace', 'vsix'), {});
    await quickOpen(page, 'storage.json');
    await page.waitForSelector('.squiggly-error', { timeout: 60_000 });
    await waitForCounts(page, initial);
    await shot(page, '8-packaged-vsix.png');
    step = 'the packaged extension asks to sign in: it honours no fake Azure';
    await runCommand(page, 'Focus on Azure Compliance View');
    await expandView(page, 'Azure Compliance');
    await waitForText(page, '.monaco-list-row', /Sign in to Azure…/);
    await waitForText(page, '.monaco-list-row', /Sign in to Azure US Government…/);
    await shot(page, '8b-packaged-sign-in.png');
    await page.close();
    return true;
  } catch (e) {
    console.error(`e2e: browser check failed at '${step}': ${e instanceof Error ? e.message : e}`);
    if (page) await shot(page, 'failure.png').catch(() => undefined);
    return false;
  }
}
