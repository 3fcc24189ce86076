/**
 * Registry modules (`br:`, `br/<alias>:`) that Bicep restored into its cache: read from where Bicep keeps them, as
 * the compiled templates they are, with the caller's arguments, and never edited.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADAPTERS } from '../../src/engine/formats';
import { encodeTag } from '../../src/engine/formats/bicep/registry-cache';
import type { Finding } from '../../src/engine/model/finding';
import * as V from '../../src/engine/model/value';
import { inToolFolder } from '../../src/engine/workspace/uri';
import { Workspace, type WorkspaceHost } from '../../src/engine/workspace/workspace';

const HOME = 'file:///home/dev/';
const ROOT = 'file:///repo/infra/';
const CACHED = `${HOME}.bicep/br/mcr.microsoft.com/bicep$avm$res$storage$storage-account/0.9.0$/main.json`;

/**
 * A compiled registry module as `bicep publish` writes it (languageVersion 2.0, symbolic names): a storage account in
 * the caller's location, geo-redundant unless told otherwise, with a customer-managed key when one is passed, and
 * private endpoints in a copy loop over an optional list, whose location the compiled template reads with `tryGet`.
 */
const STORAGE_MODULE = JSON.stringify(
  {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    languageVersion: '2.0',
    contentVersion: '1.0.0.0',
    metadata: { _generator: { name: 'bicep', version: '0.30.23.60470' } },
    parameters: {
      name: { type: 'string' },
      location: { type: 'string', defaultValue: '[resourceGroup().location]' },
      skuName: { type: 'string', defaultValue: 'Standard_GRS' },
      kind: { type: 'string', defaultValue: 'StorageV2' },
      customerManagedKey: { type: 'object', nullable: true },
      privateEndpoints: { type: 'array', nullable: true },
    },
    resources: {
      storageAccount: {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-05-01',
        name: "[parameters('name')]",
        location: "[parameters('location')]",
        sku: { name: "[parameters('skuName')]" },
        kind: "[parameters('kind')]",
        properties: {
          minimumTlsVersion: 'TLS1_2',
          supportsHttpsTrafficOnly: true,
          encryption: {
            requireInfrastructureEncryption: "[if(not(equals(parameters('kind'), 'Storage')), true(), null())]",
            keySource: "[if(not(empty(parameters('customerManagedKey'))), 'Microsoft.Keyvault', 'Microsoft.Storage')]",
            keyvaultproperties:
              "[if(not(empty(parameters('customerManagedKey'))), createObject('keyname', parameters('customerManagedKey').keyName, 'keyvaulturi', reference(parameters('customerManagedKey').keyVaultResourceId, '2023-07-01').vaultUri), null())]",
          },
        },
      },
      storageAccount_privateEndpoints: {
        copy: { name: 'storageAccount_privateEndpoints', count: "[length(coalesce(parameters('privateEndpoints'), createArray()))]" },
        type: 'Microsoft.Network/privateEndpoints',
        apiVersion: '2023-11-01',
        name: "[format('pe-{0}', copyIndex())]",
        location: "[coalesce(tryGet(coalesce(parameters('privateEndpoints'), createArray())[copyIndex()], 'location'), reference(parameters('privateEndpoints')[copyIndex()].subnetResourceId, '2020-06-01', 'Full').location)]",
        properties: {},
      },
    },
  },
  null,
  2,
);

function call(params: string, path = 'br/public:avm/res/storage/storage-account:0.9.0'): string {
  return `module storage '${path}' = {
  name: 'storage'
  params: {
    name: 'stitar'
${params
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
  }
}
`;
}

/** Files on a disk, with a home folder, read through the host as the command line and the extension read them. */
function disk(files: Record<string, string>, homeFolder: string | undefined = HOME): WorkspaceHost {
  return { readFile: (uri) => files[uri], homeFolder };
}

function scan(main: string, files: Record<string, string> = { [CACHED]: STORAGE_MODULE }, name = 'main.bicep', homeFolder?: string) {
  const ws = new Workspace(ADAPTERS, disk(files, homeFolder ?? HOME));
  ws.setText(`${ROOT}${name}`, main);
  return { ws, result: ws.analyze({ policy: { profile: 'us-only' } }) };
}

const ofRule = (findings: readonly Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);
const fixesOf = (f: Finding) => (typeof f.fixes === 'function' ? (f.fixes as () => Finding['fixes'])() : f.fixes);

test('a restored registry module is evaluated with the call’s arguments; its findings are shown at the call, never fixed in the cache', () => {
  const main = call("location: 'eastasia'");
  const { result } = scan(main);
  assert.ok(!ofRule(result.findings, 'module-unresolved').length);
  const accounts = result.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts');
  assert.equal(accounts.length, 1);
  assert.equal(accounts[0].declaration.uri, CACHED);
  // The region the user writes is reported where it is written.
  const [proscribed] = ofRule(result.findings, 'region-proscribed');
  assert.equal(main.slice(proscribed.span.start, proscribed.span.end), "'eastasia'");
  // The module's own default (geo-redundant, so a copy in the pair) and its missing key are reported at the call.
  const copy = ofRule(result.findings, 'region-not-allowed').find((f) => f.message.includes('southeastasia'));
  assert.ok(copy, JSON.stringify(result.findings.map((f) => f.message)));
  assert.equal(copy.span.uri, `${ROOT}main.bicep`);
  assert.equal(main.slice(copy.span.start, copy.span.end).split('\n')[0], "module storage 'br/public:avm/res/storage/storage-account:0.9.0' = {");
  const [cmk] = ofRule(result.findings, 'cmk-missing');
  assert.equal(cmk.span.uri, `${ROOT}main.bicep`);
  assert.equal(cmk.related[0].span.uri, CACHED);
  assert.match(cmk.related[0].message, /module Bicep restored/);
  for (const f of result.findings) for (const fix of fixesOf(f) ?? []) for (const e of fix.edits) assert.ok(!inToolFolder(e.span.uri), `${f.ruleId}: ${fix.title}`);
  // A suppression comment above the call lasts, where one in the cache would not.
  const commented = `// itar-guard-ignore cmk-missing: the account is encrypted by a policy-assigned key\n${main}`;
  assert.ok(ofRule(scan(commented).result.findings, 'cmk-missing').every((f) => f.suppression));
});

test('what the call leaves out or writes out decides the compiled conditions and loops; what a deployment may change keeps both branches', () => {
  // Left out: no private endpoint (a loop over an empty list), the default kind picks the infrastructure-encryption branch.
  const plain = scan(call("location: 'eastus'")).result;
  assert.equal(plain.resources.filter((r) => r.type === 'Microsoft.Network/privateEndpoints').length, 0);
  assert.equal(ofRule(plain.findings, 'region-unresolved').length, 0);
  assert.equal(ofRule(plain.findings, 'infrastructure-encryption').length, 0);
  // A key written out as an object: the key source is the key vault, whatever the key's values.
  const withKey = scan(`resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv-itar'
}
${call("location: 'eastus'\nskuName: 'Standard_LRS'\ncustomerManagedKey: {\n  keyVaultResourceId: kv.id\n  keyName: 'cmk'\n}")}`).result;
  assert.deepEqual(ofRule(withKey.findings, 'cmk-missing'), []);
  // A key the deployment gives: it may be empty, so the module may fall back to Microsoft-managed keys.
  const fromParameter = scan(`param key object\n${call("location: 'eastus'\nskuName: 'Standard_LRS'\ncustomerManagedKey: key")}`).result;
  assert.equal(ofRule(fromParameter.findings, 'cmk-missing').length, 1);
  // Endpoints written out are deployed, and their location judged.
  const endpoints = scan(call("location: 'eastus'\nskuName: 'Standard_LRS'\nprivateEndpoints: [\n  {\n    subnetResourceId: 'x'\n    location: 'chinanorth3'\n  }\n]")).result;
  assert.equal(endpoints.resources.filter((r) => r.type === 'Microsoft.Network/privateEndpoints').length, 1);
  assert.equal(ofRule(endpoints.findings, 'region-proscribed').length, 1);
});

test('a module Bicep has not restored is a notice that says how to restore it, and its location is still judged', () => {
  const { ws, result } = scan(call("location: 'eastasia'"), {});
  const [notice] = ofRule(result.findings, 'module-unresolved');
  assert.match(notice.message, /not in the workspace.*not checked: Bicep has not restored it on this machine \(`bicep restore`/);
  assert.equal(ofRule(result.findings, 'region-proscribed').length, 1);
  assert.equal(result.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').length, 0);
  // Without a home folder the cache cannot be found.
  const homeless = scan(call("location: 'eastus'"), { [CACHED]: STORAGE_MODULE }, 'main.bicep', '');
  assert.match(ofRule(homeless.result.findings, 'module-unresolved')[0]?.message ?? '', /cache is not known/);
  assert.ok(ws);
});

test('a module restored after an analysis is read by the next one, and one removed from the cache is gone', () => {
  const files: Record<string, string> = {};
  const { ws } = scan(call("location: 'eastus'"), files);
  files[CACHED] = STORAGE_MODULE;
  const restored = ws.analyze({ policy: { profile: 'us-only' } });
  assert.equal(restored.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').length, 1);
  assert.equal(ofRule(restored.findings, 'module-unresolved').length, 0);
  delete files[CACHED];
  const cleared = ws.analyze({ policy: { profile: 'us-only' } });
  assert.equal(ofRule(cleared.findings, 'module-unresolved').length, 1);
});

test('bicepconfig.json: module aliases, a cache root of its own, the nearest file applying', () => {
  const privateCache = 'file:///opt/bicep-cache/br/contosoregistry.azurecr.io/modules$storage/V2.1$1/main.json';
  const config = JSON.stringify({
    // Comments are allowed in Bicep's configuration file.
    cacheRootDirectory: '/opt/bicep-cache',
    moduleAliases: { br: { contoso: { registry: 'ContosoRegistry.azurecr.io', modulePath: 'modules' } } },
  });
  const files = { 'file:///repo/bicepconfig.json': `// team settings\n${config}`, [privateCache]: STORAGE_MODULE };
  const aliased = scan(call("location: 'eastasia'", 'br/contoso:storage:V2.1'), files).result;
  assert.equal(aliased.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').length, 1, JSON.stringify(aliased.findings.map((f) => f.message)));
  // The full form names the same artifact; its registry's case does not matter.
  const full = scan(call("location: 'eastus'", 'br:contosoregistry.azurecr.io/modules/storage:V2.1'), files).result;
  assert.equal(full.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').length, 1);
  // The public alias stays built in beside the configured ones, and a cache root under `~` is in the home folder.
  const underHome = { 'file:///repo/bicepconfig.json': JSON.stringify({ cacheRootDirectory: '~/bicep-cache' }), [`${HOME}bicep-cache/br/mcr.microsoft.com/bicep$avm$res$storage$storage-account/0.9.0$/main.json`]: STORAGE_MODULE };
  assert.equal(scan(call("location: 'eastus'"), underHome).result.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').length, 1);
  // A relative cache root is one Bicep refuses: the notice says so.
  const relative = { 'file:///repo/bicepconfig.json': JSON.stringify({ cacheRootDirectory: '.cache/bicep' }), 'file:///repo/.cache/bicep/br/mcr.microsoft.com/bicep$avm$res$storage$storage-account/0.9.0$/main.json': STORAGE_MODULE };
  assert.match(ofRule(scan(call("location: 'eastus'"), relative).result.findings, 'module-unresolved')[0].message, /cacheRootDirectory '\.cache\/bicep' .* is not an absolute path/);
  // A configured `public` alias is merged over the built-in one: another registry keeps the module path `bicep`.
  const mirrored = { 'file:///repo/bicepconfig.json': JSON.stringify({ moduleAliases: { br: { public: { registry: 'mirror.azurecr.io' } } } }), [`${HOME}.bicep/br/mirror.azurecr.io/bicep$avm$res$storage$storage-account/0.9.0$/main.json`]: STORAGE_MODULE };
  assert.equal(scan(call("location: 'eastus'"), mirrored).result.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').length, 1);
  // A nearer configuration file wins, and an alias it does not configure is named in the notice.
  const nearer = { ...files, [`${ROOT}bicepconfig.json`]: '{}' };
  const [notice] = ofRule(scan(call("location: 'eastus'", 'br/contoso:storage:V2.1'), nearer).result.findings, 'module-unresolved');
  assert.match(notice.message, /no module alias 'contoso' is configured in the bicepconfig\.json that applies to this file/);
});

test('a digest reference and tags with capitals are found where Bicep writes them', () => {
  assert.equal(encodeTag('1.0.1'), '1.0.1$');
  assert.equal(encodeTag('V2.1'), 'V2.1$1');
  assert.equal(encodeTag('aBc'), 'aBc$2');
  // A capital past the 64th character sets a bit of the second word, written first, the first then padded.
  const long = `${'a'.repeat(70)}B`;
  assert.equal(encodeTag(long), `${long}$40${'0'.repeat(16)}`);
  assert.equal(encodeTag(`A${'a'.repeat(69)}B`), `A${'a'.repeat(69)}B$40${'0'.repeat(15)}1`);
  const digest = 'sha256:e207a69d02b3de40d48ede9fd208d80441a9e590a83a0bc915d46244c03310d4';
  const uri = `${HOME}.bicep/br/mcr.microsoft.com/bicep$avm$res$storage$storage-account/${encodeURIComponent(digest.replace(':', '#'))}/main.json`;
  const { result } = scan(call("location: 'eastus'", `br/public:avm/res/storage/storage-account@${digest}`), { [uri]: STORAGE_MODULE });
  assert.equal(result.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').length, 1);
  assert.ok(inToolFolder(uri) && inToolFolder(CACHED));
  // A path names the digest's folder with its `#` as it is.
  assert.ok(inToolFolder(`/repo/.cache/br/mcr.microsoft.com/bicep$avm/${digest.replace(':', '#')}/main.json`));
  assert.ok(!inToolFolder('file:///repo/br/modules/storage/main.json') && !inToolFolder('file:///repo/br/x/y/main.json'));
});

test('a .bicepparam file for a restored registry module evaluates it with the file’s values, shown at its using line', () => {
  const params = `using 'br/public:avm/res/storage/storage-account:0.9.0'\n\nparam name = 'stitar'\nparam location = 'eastasia'\n`;
  const { result } = scan(params, { [CACHED]: STORAGE_MODULE }, 'storage.bicepparam');
  assert.equal(ofRule(result.findings, 'module-unresolved').length, 0);
  const [cmk] = ofRule(result.findings, 'cmk-missing');
  assert.equal(cmk.span.uri, `${ROOT}storage.bicepparam`);
  assert.equal(params.slice(cmk.span.start, cmk.span.end), "'br/public:avm/res/storage/storage-account:0.9.0'");
  assert.ok(ofRule(result.findings, 'region-proscribed').some((f) => params.slice(f.span.start, f.span.end) === "'eastasia'"));
  // Not restored: the notice, with the location still judged.
  const missing = scan(params, {}, 'storage.bicepparam').result;
  assert.match(ofRule(missing.findings, 'module-unresolved')[0].message, /\.bicepparam file names is not in the workspace.*`bicep restore`/);
  assert.equal(ofRule(missing.findings, 'region-proscribed').length, 1);
});

test('each call of one restored module has its own findings, suppressed at that call alone', () => {
  const twice = `// itar-guard-ignore region-not-allowed, cmk-missing: a sandbox with synthetic data only, approved by export control
module sandbox 'br/public:avm/res/storage/storage-account:0.9.0' = {
  name: 'sandbox'
  params: {
    name: 'stsandbox'
    location: 'uksouth'
  }
}

module production 'br/public:avm/res/storage/storage-account:0.9.0' = {
  name: 'production'
  params: {
    name: 'stprod'
    location: 'uksouth'
  }
}
`;
  const { result } = scan(twice);
  const line = (f: Finding) => twice.slice(0, f.span.start).split('\n').length;
  // The module's default SKU keeps a copy in the pair, a finding in the cache for both calls: one at each call.
  const copies = ofRule(result.findings, 'region-not-allowed').filter((f) => f.message.includes("'ukwest'"));
  const keys = ofRule(result.findings, 'cmk-missing');
  for (const found of [copies, keys]) assert.deepEqual(found.map((f) => [line(f), !!f.suppression]), [[2, true], [10, false]]);
});

test('a corrupt copy in the cache, and a linked template inside a restored module, are notices at the call', () => {
  const corrupt = scan(call("location: 'eastus'"), { [CACHED]: '{ "not": "a template"' }).result;
  assert.match(ofRule(corrupt.findings, 'module-unresolved')[0].message, /not a template that can be read \(`bicep restore --force`/);
  const linking = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'linked', properties: { mode: 'Incremental', templateLink: { uri: 'https://example.com/t.json' } } }],
  });
  const main = call("location: 'eastus'");
  const [notice] = ofRule(scan(main, { [CACHED]: linking }).result.findings, 'module-unresolved');
  assert.equal(notice.span.uri, `${ROOT}main.bicep`);
  assert.equal(main.slice(notice.span.start, notice.span.end).split('\n')[0], "module storage 'br/public:avm/res/storage/storage-account:0.9.0' = {");
});

test('a null argument leaves the default in force: a default that passes on a deployment input decides nothing', () => {
  const module = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { y: { type: 'bool' }, x: { type: 'bool', defaultValue: "[parameters('y')]" } },
    resources: [{ condition: "[parameters('x')]", type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'stdr', location: 'chinaeast2', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' }],
  });
  const main = `param rootFlag bool = false\n${call('y: rootFlag\nx: null')}`;
  assert.equal(ofRule(scan(main, { [CACHED]: module }).result.findings, 'region-proscribed').length, 1);
  // Left out or null, with a default the call fixes, the storage account is not deployed.
  assert.equal(ofRule(scan(call('y: false\nx: null'), { [CACHED]: module }).result.findings, 'region-proscribed').length, 0);
});

test('a template spec Bicep restored is read from its cached version resource, by its full reference and by an alias', () => {
  const subscription = '0d5b8c1e-3f4a-4b7c-9e2d-1a2b3c4d5e6f';
  const cached = `${HOME}.bicep/ts/${subscription}/rg-specs/storagespec/v1.0/main.json`;
  // The version resource as Bicep writes it: the template is its properties.mainTemplate.
  const version = JSON.stringify({
    id: `/subscriptions/${subscription}/resourceGroups/rg-specs/providers/Microsoft.Resources/templateSpecs/StorageSpec/versions/v1.0`,
    name: 'v1.0',
    type: 'Microsoft.Resources/templateSpecs/versions',
    location: 'eastus',
    systemData: {},
    properties: { mainTemplate: JSON.parse(STORAGE_MODULE) },
  });
  const full = scan(call("location: 'eastasia'", `ts:${subscription}/rg-specs/StorageSpec:v1.0`), { [cached]: version }).result;
  assert.equal(ofRule(full.findings, 'module-unresolved').length, 0);
  const [cmk] = ofRule(full.findings, 'cmk-missing');
  assert.equal(cmk.span.uri, `${ROOT}main.bicep`);
  assert.ok(inToolFolder(cached) && inToolFolder(cmk.related[0].span.uri));
  const aliased = { [cached]: version, 'file:///repo/bicepconfig.json': JSON.stringify({ moduleAliases: { ts: { specs: { subscription, resourceGroup: 'rg-specs' } } } }) };
  assert.equal(scan(call("location: 'eastus'", 'ts/specs:StorageSpec:v1.0'), aliased).result.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').length, 1);
  // Not restored: the notice says how to restore it.
  assert.match(ofRule(scan(call("location: 'eastus'", `ts:${subscription}/rg-specs/Other:v1`)).result.findings, 'module-unresolved')[0].message, /template spec .*\(`bicep restore`/);
});

test('a template spec’s linked templates are read from the version Bicep cached, never from beside the cache; a subscription may be written without hyphens', () => {
  const subscription = '0d5b8c1e3f4a4b7c9e2d1a2b3c4d5e6f';
  const folder = `${HOME}.bicep/ts/${subscription}/rg/linked/1.0/`;
  const linked = (location: string) => ({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'stlinked', location, sku: { name: 'Standard_LRS' }, kind: 'StorageV2' }],
  });
  const version = JSON.stringify({
    properties: {
      mainTemplate: {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'nested', properties: { mode: 'Incremental', templateLink: { relativePath: './artifacts/linked.json' } } }],
      },
      linkedTemplates: [{ path: 'artifacts/linked.json', template: linked('chinanorth3') }],
    },
  });
  const main = call("location: 'eastus'", `ts:${subscription}/rg/linked:1.0`);
  // A file beside the cache (which Bicep never writes) is not what the template spec deploys.
  const { result } = scan(main, { [`${folder}main.json`]: version, [`${folder}artifacts/linked.json`]: JSON.stringify(linked('eastasia')) });
  const proscribed = ofRule(result.findings, 'region-proscribed');
  assert.deepEqual(proscribed.map((f) => [f.span.uri, /'(\w+)'/.exec(f.message)?.[1]]), [[`${ROOT}main.bicep`, 'chinanorth3']]);
  assert.ok(result.findings.every((f) => f.span.uri === `${ROOT}main.bicep`), JSON.stringify(result.findings.map((f) => f.span.uri)));
  // A link the version does not hold is outside the workspace, shown at the call.
  const missing = JSON.stringify({ properties: { mainTemplate: JSON.parse(version).properties.mainTemplate } });
  const [notice] = ofRule(scan(main, { [`${folder}main.json`]: missing, [`${folder}artifacts/linked.json`]: JSON.stringify(linked('eastasia')) }).result.findings, 'module-unresolved');
  assert.equal(notice.span.uri, `${ROOT}main.bicep`);
  assert.match(notice.message, /linked template '\.\/artifacts\/linked\.json' is not in the workspace/);

  // A link inside a linked template is relative to that template's own path, as ARM resolves it.
  // A link inside a linked template is relative to that template's own path, as ARM resolves it, also from the
  // inner-scope template of a nested deployment in it.
  const deployment = (properties: object) => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'deeper', properties: { mode: 'Incremental', ...properties } });
  const template = (resources: object[]) => ({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources });
  const linking = (relativePath: string, inner: boolean) =>
    template([
      inner
        ? deployment({ expressionEvaluationOptions: { scope: 'inner' }, template: template([deployment({ templateLink: { relativePath } })]) })
        : deployment({ templateLink: { relativePath } }),
    ]);
  const chained = (relativePath: string, inner = false) =>
    JSON.stringify({
      properties: {
        mainTemplate: JSON.parse(version).properties.mainTemplate,
        linkedTemplates: [
          { path: 'artifacts/linked.json', template: linking(relativePath, inner) },
          { path: 'artifacts/storage.json', template: linked('chinaeast2') },
          { path: 'storage.json', template: linked('eastus') },
        ],
      },
    });
  const deployed = (relativePath: string, inner = false) => {
    const found = scan(main, { [`${folder}main.json`]: chained(relativePath, inner) }).result;
    assert.deepEqual(ofRule(found.findings, 'module-unresolved'), [], relativePath);
    return found.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts').flatMap((r) => V.strings(V.lookup(r.body, 'location')).map((l) => l.value));
  };
  assert.deepEqual(deployed('storage.json'), ['chinaeast2'], 'beside the linking template, not beside the main one');
  assert.deepEqual(deployed('../storage.json'), ['eastus']);
  assert.deepEqual(deployed('./../artifacts/storage.json'), ['chinaeast2']);
  assert.deepEqual(deployed('storage.json', true), ['chinaeast2'], 'from a nested deployment with its own scope');
});
