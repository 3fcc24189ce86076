/**
 * The text report: grouped by file, coloured only when asked (a terminal), the summary line last.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toText } from '../../src/engine/report/text';
import { analyzeTexts, ENCRYPTION_OFF } from '../helpers/workspace';

const TEMPLATE = (location: string) =>
  JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-05-01', name: 'v', location }],
  });

const result = analyzeTexts({ 'a.json': TEMPLATE('eastasia'), 'b.json': TEMPLATE('westeurope') }, undefined, ENCRYPTION_OFF);
const ESC = '\x1b';
const opts = { displayPath: (uri: string) => uri.slice(uri.lastIndexOf('/') + 1), toolVersion: 'test', checkedFiles: 2 };

test('plain text: one group per file with its findings, then the summary', () => {
  const text = toText(result.findings, { ...opts, color: false });
  assert.ok(!text.includes(ESC));
  const lines = text.split('\n');
  assert.equal(lines[0], 'a.json');
  assert.match(lines[1], /^a\.json:1:\d+ {2}error {2}region-proscribed {2}'eastasia'/);
  const b = lines.indexOf('b.json');
  assert.ok(b > 1 && lines[b - 1] === '', 'a blank line between groups');
  assert.match(lines[b + 1], /^b\.json:1:\d+ {2}error {2}region-not-allowed {2}'westeurope'/);
  assert.equal(lines.at(-2), '2 errors, 0 warnings, 0 information in 2 of 2 files checked');
});

test('on a terminal: file headers bold, severities in their colours', () => {
  const text = toText(result.findings, { ...opts, color: true });
  const lines = text.split('\n');
  assert.equal(lines[0], `${ESC}[1ma.json${ESC}[0m`);
  assert.ok(lines[1].includes(`  ${ESC}[31merror${ESC}[0m  `), lines[1]);
  assert.ok(lines.at(-2)!.startsWith(`${ESC}[31m2 errors${ESC}[0m, ${ESC}[33m0 warnings${ESC}[0m`), lines.at(-2));
});
