/**
 * Folders the analysis lists through its host: one that holds a file given is listed once, and again only when a file
 * of it comes or goes; others (a module folder outside the scanned ones, one in a tool's folder) at every analysis, as
 * nothing tells of their changes.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace, type WorkspaceHost } from '../../src/engine/workspace/workspace';
import { adaptersReady } from '../helpers/workspace';

before(adaptersReady);

const MAIN = (location: string) => `module "shared" {
  source   = "../shared"
  location = "${location}"
}
`;
const SHARED = `variable "location" {
  type = string
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = var.location
}
`;

/** A disk that counts how often each folder is listed. */
function disk(files: Record<string, string>): WorkspaceHost & { readonly lists: Map<string, number> } {
  const lists = new Map<string, number>();
  return {
    lists,
    readFile: (uri) => files[uri],
    listFolder: (folder) => {
      lists.set(folder, (lists.get(folder) ?? 0) + 1);
      return Object.keys(files).filter((uri) => uri.startsWith(folder) && !uri.slice(folder.length).includes('/'));
    },
  };
}

test('a folder of given files is listed once across analyses, and again when a file of it comes or goes', () => {
  const files: Record<string, string> = { 'file:///w/shared/main.tf': SHARED, 'file:///w/app/main.tf': MAIN('eastus') };
  const host = disk(files);
  const ws = new Workspace(ADAPTERS, host);
  ws.setText('file:///w/app/main.tf', MAIN('eastus'));
  const regions = () => ws.analyze(structuredClone({ policy: DEFAULT_POLICY })).findings.filter((f) => f.ruleId === 'region-proscribed').length;
  assert.equal(regions(), 0);
  ws.setText('file:///w/app/main.tf', MAIN('eastasia'));
  assert.equal(regions(), 1, 'the module is evaluated with the new argument');
  assert.equal(host.lists.get('file:///w/app/'), 1);

  // A file given in a folder: that folder is listed again, and what the new file declares is read.
  files['file:///w/app/extra.tf'] = 'resource "azurerm_resource_group" "other" {\n  name     = "other"\n  location = "chinanorth"\n}\n';
  ws.setText('file:///w/app/extra.tf', files['file:///w/app/extra.tf']);
  assert.equal(regions(), 2);
  assert.equal(host.lists.get('file:///w/app/'), 2);

  // A file removed: listed again, and it is gone.
  delete files['file:///w/app/extra.tf'];
  ws.remove('file:///w/app/extra.tf');
  assert.equal(regions(), 1);
  assert.equal(host.lists.get('file:///w/app/'), 3);
});

test("a folder in a tool's folder is listed again at every analysis: an install does not always tell the file watcher", () => {
  const root = 'file:///w/app/';
  const files: Record<string, string> = {
    [`${root}main.tf`]: 'module "net" {\n  source   = "Azure/net/azurerm"\n  version  = "1.0.0"\n  location = "eastus"\n}\n',
    [`${root}.terraform/modules/modules.json`]: JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'net', Source: 'registry.terraform.io/Azure/net/azurerm', Version: '1.0.0', Dir: '.terraform/modules/net' }] }),
    [`${root}.terraform/modules/net/main.tf`]: SHARED,
  };
  const host = disk(files);
  const ws = new Workspace(ADAPTERS, host);
  ws.setText(`${root}main.tf`, files[`${root}main.tf`]);
  ws.analyze({ policy: DEFAULT_POLICY });
  const once = host.lists.get(`${root}.terraform/modules/net/`) ?? 0;
  assert.ok(once >= 1);
  files[`${root}.terraform/modules/net/more.tf`] = 'resource "azurerm_resource_group" "more" {\n  name     = "more"\n  location = "eastasia"\n}\n';
  const findings = ws.analyze({ policy: DEFAULT_POLICY }).findings;
  assert.ok((host.lists.get(`${root}.terraform/modules/net/`) ?? 0) > once);
  assert.ok(findings.some((f) => f.ruleId === 'region-proscribed'), 'the file the install added is read');
});

test('a module folder no file given is in is listed at every analysis: a file created there, or the folder itself, is read', () => {
  const files: Record<string, string> = { 'file:///w/app/main.tf': MAIN('eastasia') };
  const host = disk(files);
  const ws = new Workspace(ADAPTERS, host);
  ws.setText('file:///w/app/main.tf', MAIN('eastasia'));
  const rules = () => ws.analyze({ policy: DEFAULT_POLICY }).findings.map((f) => f.ruleId);
  assert.ok(rules().includes('module-unresolved'), 'the module folder is not there yet');
  files['file:///w/shared/main.tf'] = SHARED;
  assert.ok(rules().includes('region-proscribed'), 'the folder created since is read');
  files['file:///w/shared/more.tf'] = 'resource "azurerm_resource_group" "more" {\n  name     = "more"\n  location = "chinanorth"\n}\n';
  assert.equal(rules().filter((r) => r === 'region-proscribed').length, 2, 'a file created there since is read');
});
