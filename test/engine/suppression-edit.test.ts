import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import { SourceText } from '../../src/engine/model/span';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { readSuppressions, suppressionEdit } from '../../src/engine/workspace/suppressions';
import { Workspace } from '../../src/engine/workspace/workspace';
import { applyEdits } from '../helpers/edits';
import { FIXTURES } from '../helpers/workspace';

function suppress(text: string, line: number, comment = '//'): string {
  const source = new SourceText('file:///t', text);
  return applyEdits(text, [suppressionEdit(source, line, 'region-proscribed', '  approved\n by the  office ', comment)]);
}

test('a suppression goes on the line above, indented like the finding, in the given comment syntax', () => {
  assert.equal(suppress('{\n    "location": "eastasia"\n}\n', 1), '{\n    // itar-guard-ignore region-proscribed: approved by the office\n    "location": "eastasia"\n}\n');
  assert.equal(suppress('resource "x" "y" {\n\tlocation = "eastasia"\n}\n', 1, '#'), 'resource "x" "y" {\n\t# itar-guard-ignore region-proscribed: approved by the office\n\tlocation = "eastasia"\n}\n');
  assert.equal(suppress("param location string = 'eastasia'", 0), "// itar-guard-ignore region-proscribed: approved by the office\nparam location string = 'eastasia'");
});

test('line endings follow the file', () => {
  assert.equal(suppress('{\r\n  "location": "eastasia"\r\n}', 1), '{\r\n  // itar-guard-ignore region-proscribed: approved by the office\r\n  "location": "eastasia"\r\n}');
});

test('when the line above already suppresses something, the comment goes at the end of the line', () => {
  const text = '  // itar-guard-ignore region-not-allowed: pilot\n  location: \'eastasia\'\n';
  const out = suppress(text, 1);
  assert.equal(out, "  // itar-guard-ignore region-not-allowed: pilot\n  location: 'eastasia' // itar-guard-ignore region-proscribed: approved by the office\n");
  const comments = readSuppressions(new SourceText('file:///t', out));
  assert.deepEqual(comments.map((c) => [c.line, c.ruleIds, c.reason]), [
    [0, ['region-not-allowed'], 'pilot'],
    [1, ['region-proscribed'], 'approved by the office'],
  ]);
});

test('the workspace writes a suppression in the finding file’s syntax, and it suppresses the finding', () => {
  const uri = 'file:///virtual/main.json';
  const text = readFileSync(path.join(FIXTURES, 'region', 'literal-proscribed', 'arm', 'main.json'), 'utf8');
  const ws = new Workspace(ADAPTERS);
  ws.setText(uri, text);
  const [finding] = ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'region-proscribed');
  const edit = ws.suppression(finding, 'approved')!;
  ws.setText(uri, applyEdits(text, [edit]));
  const after = ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.deepEqual(after.map((f) => f.suppression?.justification), ['approved']);
  assert.match(edit.newText, /^\s*\/\/ itar-guard-ignore region-proscribed: approved\n$/);
});

test('a file whose syntax allows no comments (.tfvars.json) gets no suppression edit', async () => {
  const ws = new Workspace(ADAPTERS);
  await ws.ready();
  ws.setText('file:///virtual/v/main.tf', 'variable "location" {}\nresource "azurerm_resource_group" "rg" {\n  location = var.location\n}\n');
  ws.setText('file:///virtual/v/terraform.tfvars.json', '{\n  "location": "eastasia"\n}\n');
  const [finding] = ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'region-proscribed');
  assert.equal(finding.span.uri, 'file:///virtual/v/terraform.tfvars.json');
  assert.equal(ws.suppression(finding, 'approved'), undefined);
});

test('a comment whose reason follows its rule id without a colon suppresses nothing, and the report says why', () => {
  const ws = new Workspace(ADAPTERS);
  ws.setText('file:///virtual/main.bicep', "// itar-guard-ignore region-proscribed approved by the export office\nparam location string = 'eastasia'\n");
  const findings = ws.analyze({ policy: DEFAULT_POLICY }).findings;
  assert.equal(findings.find((f) => f.ruleId === 'region-proscribed')?.suppression, undefined);
  assert.match(findings.find((f) => f.ruleId === 'suppression-unjustified')!.message, /has no colon between its rule ids and its reason/);
  const [plain] = readSuppressions(new SourceText('file:///t', '# itar-guard-ignore region-proscribed\n'));
  assert.equal(plain.colonMissing, undefined, 'a comment with no reason at all is one that gives no reason');
});

test('a marker inside a string is no comment: it suppresses nothing, in any format, while a comment after such a string does', async () => {
  const ws = new Workspace(ADAPTERS);
  await ws.ready();
  ws.setText('file:///virtual/s/main.tf', 'resource "azurerm_resource_group" "a" {\n  name     = "a"\n  tags     = { note = "# itar-guard-ignore region-proscribed: a tag" }\n  location = "eastasia"\n}\nresource "azurerm_resource_group" "b" {\n  name     = "b # ${"x"}" # itar-guard-ignore region-proscribed: approved by the export office\n  location = "chinaeast"\n}\n');
  ws.setText('file:///virtual/s/main.bicep', "var note = 'see http://wiki // itar-guard-ignore region-proscribed: in a string'\nparam location string = 'eastasia'\nparam other string = '${'a'}//x' // itar-guard-ignore region-proscribed: approved by the export office\nresource v 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: note\n  location: location\n}\nresource w 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'w'\n  location: '${other}chinaeast'\n}\n");
  const findings = ws.analyze({ policy: DEFAULT_POLICY }).findings.filter((f) => f.ruleId === 'region-proscribed');
  const state = findings.map((f) => `${f.span.uri.slice(f.span.uri.lastIndexOf('/') + 1)}:${f.span.startLine + 1} ${f.suppression ? 'suppressed' : 'reported'}`).sort();
  assert.deepEqual(state, ['main.bicep:2 reported', 'main.tf:4 reported', 'main.tf:8 suppressed']);
});
