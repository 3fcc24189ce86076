/**
 * OpenTofu's files: `.tofu` and `.tofu.json` are read as OpenTofu reads them (a `.tofu` file takes the place of the
 * `.tf` file of its name), and the same folder as Terraform reads it (without them), since either tool may deploy it.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { terraformAdapter } from '../../../src/engine/formats/terraform/adapter';
import { filesReadBy } from '../../../src/engine/formats/terraform/readers';
import { applyEdits } from '../../helpers/edits';
import { SourceText } from '../../../src/engine/model/span';
import { adaptersReady, anchorText, byRule } from '../../helpers/workspace';
import { analyze, workspaceWith, ROOT } from './helpers';

const group = (name: string, location: string) => `resource "azurerm_resource_group" "${name}" {\n  name     = "${name}"\n  location = "${location}"\n}\n`;

before(adaptersReady);

test('a .tofu file takes the place of the .tf file of its name for OpenTofu only; .tofu.json that of .tf.json', () => {
  const uris = ['main.tf', 'main.tofu', 'net.tf', 'app.tf.json', 'app.tofu.json', 'db.tofu'].map((n) => ({ uri: `${ROOT}${n}` }));
  const names = (reader: 'terraform' | 'opentofu') => filesReadBy(reader, uris).map((f) => f.uri.slice(ROOT.length));
  assert.deepEqual(names('terraform'), ['main.tf', 'net.tf', 'app.tf.json']);
  assert.deepEqual(names('opentofu'), ['main.tofu', 'net.tf', 'app.tofu.json', 'db.tofu']);
  assert.ok(terraformAdapter.accepts('file:///x/main.tofu') && terraformAdapter.accepts('file:///x/main.tofu.json'));
});

test('a folder is checked as each tool reads it: what either deploys is reported, what both deploy once', async () => {
  const result = await analyze({
    'main.tf': group('primary', 'eastasia'),
    'main.tofu': group('primary', 'eastus'),
    'shared.tf': group('shared', 'chinaeast2'),
    'only.tofu.json': JSON.stringify({ resource: { azurerm_resource_group: { json: { name: 'json', location: 'westeurope' } } } }),
  });
  const found = result.findings.map((f) => `${f.ruleId} ${f.span.uri.slice(ROOT.length)} ${anchorText(result, f)} ${f.resources.length}`).sort();
  assert.deepEqual(found, [
    'region-not-allowed only.tofu.json "westeurope" 1',
    'region-proscribed main.tf "eastasia" 1',
    'region-proscribed shared.tf "chinaeast2" 1',
  ]);
});

test('a folder without .tofu files is read once; a local module of .tofu files is OpenTofu\'s alone', async () => {
  const ws = await workspaceWith({ 'main.tf': `${group('a', 'eastus')}module "m" {\n  source = "./m"\n}\n`, 'm/only.tofu': group('b', 'westeurope') });
  const result = ws.analyze({ policy: { profile: 'us-only' } });
  assert.deepEqual(byRule(result, 'region-not-allowed').map((f) => f.span.uri.slice(ROOT.length)), ['m/only.tofu']);
  assert.match(byRule(result, 'module-unresolved')[0].message, /has no Terraform files/, 'Terraform reads no module there');
  const units = (names: string[]) => {
    const docs = names.map((n) => terraformAdapter.parse(new SourceText(`${ROOT}${n}`, group('a', 'eastus')))!);
    return terraformAdapter.units({ get: (uri) => docs.find((d) => d.uri === uri), all: () => docs }).map((u) => u.id.slice(0, u.id.indexOf(':')));
  };
  assert.deepEqual(units(['main.tf']), ['terraform'], 'no second reading where it would read the same');
  assert.deepEqual(units(['main.tf', 'extra.tofu']), ['terraform', 'opentofu']);
  assert.deepEqual(units(['only.tofu']), ['opentofu']);
});

test('a fix in a .tofu file is written as in a .tf file', async () => {
  const text = 'resource "azurerm_storage_account" "sa" {\n  name                     = "sa"\n  resource_group_name      = "rg"\n  location                 = "eastus"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n  min_tls_version          = "TLS1_0"\n}\n';
  const result = await analyze({ 'main.tofu': text });
  const [tls] = byRule(result, 'tls-version');
  assert.equal(anchorText(result, tls), '"TLS1_0"');
  const [infra] = byRule(result, 'infrastructure-encryption');
  const fixed = applyEdits(text, infra.fixes[0].edits);
  assert.match(fixed, /infrastructure_encryption_enabled = true/);
  const after = await analyze({ 'main.tofu': fixed });
  assert.equal(byRule(after, 'infrastructure-encryption').length, 0);
});
