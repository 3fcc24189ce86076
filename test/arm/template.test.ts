import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as V from '../../src/engine/model/value';
import { analyzeTexts, anchorText, byRule } from '../helpers/workspace';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function template(body: object): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...body }, null, 2);
}

function storage(name: string, location: string, extra: object = {}) {
  return { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name, location, sku: { name: 'Standard_LRS' }, kind: 'StorageV2', ...extra };
}

/** A nested deployment with inner scope: its own parameters, given the values the caller passes. */
function innerDeployment(values: object, parameters: object, resources: object[]) {
  return {
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name: 'inner',
    properties: {
      mode: 'Incremental',
      expressionEvaluationOptions: { scope: 'inner' },
      parameters: values,
      template: { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters, resources },
    },
  };
}

describe('ARM templates', () => {
  test('languageVersion 2.0: resources keyed by symbolic name; existing resources are references', () => {
    const r = analyzeTexts({
      'main.json': template({
        languageVersion: '2.0',
        resources: {
          data: storage('itardata', 'eastasia'),
          old: { ...storage('legacy', 'chinanorth'), existing: true },
        },
      }),
    });
    const data = r.resources.find((x) => x.symbolicName === 'data')!;
    assert.equal(data.type, 'Microsoft.Storage/storageAccounts');
    assert.equal(r.resources.find((x) => x.symbolicName === 'old')!.existing, true);
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => anchorText(r, f)), ['"eastasia"']);
  });

  test('child resources get the full type and the parent/child name', () => {
    const r = analyzeTexts({
      'main.json': template({
        resources: [
          {
            type: 'Microsoft.Sql/servers',
            apiVersion: '2023-05-01-preview',
            name: 'itarsql',
            location: 'eastus',
            resources: [{ type: 'databases', apiVersion: '2023-05-01-preview', name: 'db', location: 'westeurope' }],
          },
        ],
      }),
    });
    const child = r.resources.find((x) => x.type === 'Microsoft.Sql/servers/databases')!;
    assert.deepEqual(V.strings(child.name).map((p) => p.value), ['itarsql/db']);
    assert.equal(byRule(r, 'region-not-allowed').length, 1);
  });

  test('a child written with its full type and name inside its parent keeps them, and is checked as that type', () => {
    const r = analyzeTexts({
      'main.json': template({
        resources: [
          {
            type: 'Microsoft.Web/sites',
            apiVersion: '2022-09-01',
            name: 'app1',
            location: 'eastus',
            properties: { httpsOnly: true, siteConfig: { minTlsVersion: '1.2' } },
            resources: [{ type: 'Microsoft.Web/sites/config', apiVersion: '2022-09-01', name: 'app1/web', properties: { minTlsVersion: '1.0' } }],
          },
        ],
      }),
    });
    const site = r.resources.find((x) => x.type === 'Microsoft.Web/sites')!;
    const config = r.resources.find((x) => x.type === 'Microsoft.Web/sites/config');
    assert.ok(config, `types: ${r.resources.map((x) => x.type).join(', ')}`);
    assert.deepEqual(V.strings(config.name).map((p) => p.value), ['app1/web']);
    assert.deepEqual(config.links, [{ kind: 'parent', target: site.key }]);
    assert.deepEqual(byRule(r, 'tls-version').map((f) => anchorText(r, f)), ['"1.0"']);
  });

  test('a type with a trailing slash is that type', () => {
    const r = analyzeTexts({
      'main.json': template({ resources: [{ ...storage('itardata', 'eastus', { properties: { minimumTlsVersion: 'TLS1_0' } }), type: 'Microsoft.Storage/storageAccounts/' }] }),
    });
    assert.deepEqual(r.resources.map((x) => x.type), ['Microsoft.Storage/storageAccounts']);
    assert.deepEqual(byRule(r, 'tls-version').map((f) => anchorText(r, f)), ['"TLS1_0"']);
  });

  test('nested deployment, inner scope: the caller passes values; the inner template has its own parameters', () => {
    const r = analyzeTexts({
      'main.json': template({
        parameters: { location: { type: 'string', defaultValue: 'eastus' } },
        resources: [innerDeployment({ location: { value: 'chinaeast2' } }, { location: { type: 'string', defaultValue: 'westus' } }, [storage('nested', "[parameters('location')]")])],
      }),
    });
    const nested = r.resources.find((x) => V.strings(x.name).some((p) => p.value === 'nested'))!;
    assert.equal(nested.via.length, 1, 'deployed through the nested deployment');
    // The caller's value replaces the inner default: westus is not a possibility.
    assert.deepEqual(V.strings(V.lookup(nested.body, 'location')).map((p) => p.value), ['chinaeast2']);
    const [f] = byRule(r, 'region-proscribed');
    assert.equal(anchorText(r, f), '"chinaeast2"');
  });

  test("nested deployment: a null parameter value leaves the inner default in force, and a parameter file's null the template's", () => {
    const r = analyzeTexts({
      'main.json': template({
        resources: [
          innerDeployment(
            { location: { value: null }, nullable: { value: null } },
            { location: { type: 'string', defaultValue: 'chinanorth' }, nullable: { type: 'string', nullable: true } },
            [storage('nested', "[parameters('location')]"), storage('open', "[parameters('nullable')]")],
          ),
        ],
      }),
      'other.json': template({ parameters: { location: { type: 'string', defaultValue: 'westus' } }, resources: [storage('top', "[parameters('location')]")] }),
      'other.parameters.json': JSON.stringify({ $schema: SCHEMA.replace('deploymentTemplate', 'deploymentParameters'), contentVersion: '1.0.0.0', parameters: { location: { value: null } } }),
    });
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => `${f.span.uri.replace('file:///virtual/', '')} ${anchorText(r, f)}`), ['main.json "chinanorth"']);
    // The path passes through the caller's argument: the `location` key whose value is the null.
    const main = r.documents.find((d) => d.uri === r.uri('main.json'))!.source;
    const argument = /"location": \{\s*"value": null/.exec(main.text)!.index;
    assert.ok(byRule(r, 'region-proscribed')[0].related.some((x) => x.span.uri === r.uri('main.json') && x.span.start === argument));
    const top = r.resources.find((x) => V.strings(x.name).some((p) => p.value === 'top'))!;
    const scalars = (v: V.Value) => v.options.map((p) => (p.kind === 'scalar' ? p.value : p.kind));
    assert.deepEqual(scalars(V.lookup(top.body, 'location')), ['westus'], 'the null in the parameter file adds no possibility');
    // A parameter without a default keeps the null.
    const open = r.resources.find((x) => V.strings(x.name).some((p) => p.value === 'open'))!;
    assert.deepEqual(scalars(V.lookup(open.body, 'location')), [null]);
  });

  test('nested deployment, outer scope: the inner template reads the outer parameters and variables', () => {
    const r = analyzeTexts({
      'main.json': template({
        parameters: { location: { type: 'string', defaultValue: 'eastasia' } },
        variables: { suffix: 'data' },
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'outer',
            properties: {
              mode: 'Incremental',
              template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [storage("[concat('itar', variables('suffix'))]", "[parameters('location')]")] },
            },
          },
        ],
      }),
    });
    const nested = r.resources.find((x) => x.type === 'Microsoft.Storage/storageAccounts')!;
    assert.deepEqual(V.strings(nested.name).map((p) => p.value), ['itardata']);
    assert.equal(anchorText(r, byRule(r, 'region-proscribed')[0]), '"eastasia"');
  });

  test('a resource whose condition the files make false is not deployed, nor what it nests; a parameter never decides', () => {
    const sa = (name: string, extra: object = {}) => ({ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name, location: 'eastasia', sku: { name: 'Standard_LRS' }, kind: 'StorageV2', ...extra });
    const r = analyzeTexts({
      'main.json': template({
        parameters: { deploy: { type: 'bool', defaultValue: false } },
        variables: { off: false, on: "[not(variables('off'))]", self: "[variables('self')]" },
        resources: [
          sa('literal', { condition: false }),
          sa('variable', { condition: "[variables('off')]" }),
          sa('expression', { condition: "[and(variables('on'), equals('a', 'b'))]" }),
          sa('nested', { condition: '[false()]', resources: [{ type: 'blobServices', apiVersion: '2023-05-01', name: 'default', location: 'eastasia' }] }),
          sa('parameter', { condition: "[parameters('deploy')]" }),
          sa('loop', { condition: '[equals(copyIndex(), 1)]', copy: { name: 'l', count: 2 } }),
          sa('cycle', { condition: "[variables('self')]" }),
          sa('true', { condition: "[variables('on')]" }),
        ],
      }),
    });
    assert.deepEqual(r.resources.map((x) => V.strings(x.name)[0]?.value), ['parameter', 'loop', 'cycle', 'true']);
  });

  test('a linked template is not read: one module-unresolved information', () => {
    const r = analyzeTexts({
      'main.json': template({
        resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'linked', properties: { mode: 'Incremental', templateLink: { uri: 'https://example.org/t.json' } } }],
      }),
    });
    const [f] = byRule(r, 'module-unresolved');
    assert.equal(f.severity, 'information');
    assert.match(f.message, /https:\/\/example\.org\/t\.json/);
  });

  test('a template linked by relativePath is evaluated with the values its caller passes, and only through its callers', () => {
    const linked = template({ parameters: { location: { type: 'string' } }, resources: [storage('linked', "[parameters('location')]")] });
    const deployment = (name: string, path: string, location: string) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name,
      properties: { mode: 'Incremental', templateLink: { relativePath: path }, parameters: { location: { value: location } } },
    });
    const r = analyzeTexts({
      'main.json': template({ resources: [deployment('a', 'nested/storage.json', 'eastasia'), deployment('b', './nested/storage.json', 'usgovvirginia')] }),
      'nested/storage.json': linked,
    });
    const instances = r.resources.filter((x) => x.type === 'Microsoft.Storage/storageAccounts');
    assert.equal(instances.length, 2, 'one instance per deployment');
    assert.notEqual(instances[0].key, instances[1].key);
    const [f] = byRule(r, 'region-proscribed');
    assert.equal(f.span.uri, r.uri('main.json'), 'anchored in the caller');
    assert.equal(byRule(r, 'region-unresolved').length, 0, 'the linked template is not also evaluated on its own');
  });

  test("a deployment into a resource group the template declares: resourceGroup() inside is that group, by the group's evaluated name", () => {
    const SUBSCRIPTION = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
    const rgResource = 'Microsoft.Resources/resourceGroups';
    const inner = (resources: object[], scope = 'inner') => ({ mode: 'Incremental', expressionEvaluationOptions: { scope }, template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources } });
    const deployment = (name: string, extra: object, properties: object) => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name, ...extra, properties });
    const r = analyzeTexts({
      'main.json': JSON.stringify({
        $schema: SUBSCRIPTION,
        contentVersion: '1.0.0.0',
        parameters: {
          group: { type: 'string', defaultValue: 'itar-rg' },
          location: { type: 'string', defaultValue: 'chinaeast' },
          target: { type: 'string', allowedValues: ['itar-rg', 'other-rg'] },
        },
        resources: [
          // Declared after the deployments that use it, and named through a parameter: the name is what counts.
          deployment('declared', { resourceGroup: 'ITAR-RG' }, inner([storage('declared', '[resourceGroup().location]')])),
          deployment('undeclared', { resourceGroup: 'other-rg' }, inner([storage('undeclared', '[resourceGroup().location]')])),
          deployment('either', { resourceGroup: "[parameters('target')]" }, inner([storage('either', '[resourceGroup().location]')])),
          deployment('elsewhere', { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'itar-rg' }, inner([storage('elsewhere', '[resourceGroup().location]')])),
          deployment('outer', { resourceGroup: 'itar-rg' }, inner([storage('outer', '[resourceGroup().location]')], 'outer')),
          deployment(
            'chain',
            { resourceGroup: "[parameters('group')]" },
            inner([deployment('chained', {}, inner([storage('chained', '[resourceGroup().location]')]))]),
          ),
          deployment('linked', { resourceGroup: 'itar-rg' }, { mode: 'Incremental', templateLink: { relativePath: 'linked.json' } }),
          { type: rgResource, apiVersion: '2022-09-01', name: "[parameters('group')]", location: "[parameters('location')]" },
        ],
      }),
      'linked.json': template({ resources: [storage('linked', '[resourceGroup().location]')] }),
    });
    const location = (name: string) => {
      const account = r.resources.find((x) => x.type === 'Microsoft.Storage/storageAccounts' && V.strings(x.name).some((p) => p.value === name));
      const value = V.lookup(account!.body, 'location');
      return [...V.strings(value).map((p) => p.value), ...value.unknowns.map((u) => u.reason)];
    };
    const unresolved = ["resourceGroup().location is the resource group's location, decided at deployment, not in the files"];
    assert.deepEqual(location('declared'), ['chinaeast']);
    assert.deepEqual(location('chained'), ['chinaeast'], "a deployment that names no other scope stays in its template's group");
    assert.deepEqual(location('linked'), ['chinaeast']);
    assert.deepEqual(location('undeclared'), unresolved);
    assert.deepEqual(location('either'), ['chinaeast', "resource group 'other-rg' is not declared in the template, so its location is decided at deployment"]);
    assert.deepEqual(location('elsewhere'), unresolved, 'a group of that name in another subscription');
    assert.deepEqual(location('outer'), unresolved, "outer scope: resourceGroup() is the deploying template's");
    const [f] = byRule(r, 'region-proscribed');
    assert.equal(anchorText(r, f), '"chinaeast"', 'anchored at the default the group takes its location from');
    assert.equal(f.resources.length, 5);
  });

  test("reference(…, 'full').location of a resource group the template declares is its declared location, as Bicep compiles rg.location", () => {
    const SUBSCRIPTION = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
    const group = { type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'itar-rg', location: 'chinaeast' };
    const byId = "reference(subscriptionResourceId('Microsoft.Resources/resourceGroups', 'itar-rg'), '2022-09-01'";
    const passing = (name: string, location: string) =>
      innerDeployment({ location: { value: location } }, { location: { type: 'string' } }, [storage(name, "[parameters('location')]")]);
    const locations = (text: string) => {
      const r = analyzeTexts({ 'main.json': text });
      return Object.fromEntries(
        r.resources
          .filter((x) => x.type === 'Microsoft.Storage/storageAccounts')
          .map((x) => {
            const value = V.lookup(x.body, 'location');
            return [V.strings(x.name)[0].value, [...V.strings(value).map((p) => p.value), ...value.unknowns.map((u) => u.reason)]];
          }),
      );
    };
    const azure = 'reference() is evaluated by Azure at deployment';
    assert.deepEqual(
      locations(
        JSON.stringify({
          $schema: SUBSCRIPTION,
          contentVersion: '1.0.0.0',
          resources: [
            group,
            passing('full', `[${byId}, 'full').location]`),
            passing('properties', `[${byId}).location]`),
            passing('other', "[reference(subscriptionResourceId('Microsoft.Resources/resourceGroups', 'other-rg'), '2022-09-01', 'full').location]"),
            passing('name', `[${byId}, 'full').name]`),
          ],
        }),
      ),
      { full: ['chinaeast'], properties: [azure], other: [azure], name: [azure] },
    );
    assert.deepEqual(
      locations(
        JSON.stringify({
          $schema: SUBSCRIPTION,
          languageVersion: '2.0',
          contentVersion: '1.0.0.0',
          resources: { rg: group, storage: passing('symbolic', "[reference('rg', '2022-09-01', 'full').location]") },
        }),
      ),
      { symbolic: ['chinaeast'] },
    );
    // Any resource the template declares once; not an existing one, not one of a loop; locations that read each other decide nothing.
    const account = (name: string, location: string, more: object = {}) => ({ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name, location, ...more });
    assert.deepEqual(
      locations(
        JSON.stringify({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          languageVersion: '2.0',
          contentVersion: '1.0.0.0',
          resources: {
            base: account('base', 'chinaeast2'),
            follows: account('follows', "[reference('base', '2023-05-01', 'full').location]"),
            byId: account('byid', "[reference(resourceId('Microsoft.Storage/storageAccounts', 'base'), '2023-05-01', 'full').location]"),
            old: account('old', 'westus', { existing: true }),
            fromExisting: account('fromexisting', "[reference('old', '2023-05-01', 'full').location]"),
            loop: account('loop', 'westus', { copy: { name: 'loop', count: 2 } }),
            fromLoop: account('fromloop', "[reference('loop', '2023-05-01', 'full').location]"),
            a: account('a', "[reference('b', '2023-05-01', 'full').location]"),
            b: account('b', "[reference('a', '2023-05-01', 'full').location]"),
          },
        }),
      ),
      {
        base: ['chinaeast2'],
        follows: ['chinaeast2'],
        byid: ['chinaeast2'],
        old: ['westus'],
        fromexisting: [azure],
        loop: ['westus'],
        fromloop: [azure],
        a: ['the location refers to itself through reference()'],
        b: ['the location refers to itself through reference()'],
      },
    );
  });

  test("reference(resourceId(…), …, 'full').location along a chain and a star of resources reads each declared location once, and a name that reads its own type's location ends", () => {
    const byId = (name: string) => `[reference(resourceId('Microsoft.Storage/storageAccounts', concat(parameters('prefix'), '${name}')), '2023-05-01', 'full').location]`;
    const named = (name: string) => `[concat(parameters('prefix'), '${name}')]`;
    // Each account in the chain reads the one before it, each in the star reads the hub: every one is in the hub's region.
    const chain = Array.from({ length: 120 }, (_, i) => storage(named(`c${i}`), i ? byId(`c${i - 1}`) : 'eastasia'));
    const star = Array.from({ length: 120 }, (_, i) => storage(named(`s${i}`), byId('c0')));
    const r = analyzeTexts({ 'main.json': template({ parameters: { prefix: { type: 'string', defaultValue: 'st' } }, resources: [...chain, ...star] }) });
    const proscribed = byRule(r, 'region-proscribed');
    assert.equal(proscribed.length, 1);
    assert.equal(anchorText(r, proscribed[0]), '"eastasia"');
    assert.equal(r.resources.filter((x) => V.strings(V.lookup(x.body, 'location')).some((p) => p.value === 'eastasia')).length, 240);

    // The name of the first reads the location of an account found by name, which makes the names of its type be read
    // again, its own among them: that inner reading finds none, and the outer one finds 'other'.
    const self = storage("[concat('st', reference(resourceId('Microsoft.Storage/storageAccounts', 'other'), '2023-05-01', 'full').location)]", 'westus');
    const loops = analyzeTexts({ 'main.json': template({ resources: [self, storage('other', 'westus')] }) });
    const names = loops.resources.map((x) => [...V.strings(x.name).map((p) => p.value), ...x.name.unknowns.map((u) => u.reason)]);
    assert.deepEqual(names, [['stwestus'], ['other']]);
  });

  test("reference('<name>', …, 'full').location in a template without symbolic names is the location of the resource it names", () => {
    const r = analyzeTexts({
      'main.json': template({
        parameters: { hubName: { type: 'string', defaultValue: 'hub' }, outside: { type: 'string' } },
        variables: { hub: "[parameters('hubName')]" },
        resources: [
          storage('hub', 'eastasia'),
          storage('byLiteral', "[reference('hub', '2023-05-01', 'full').location]"),
          storage('byVariable', "[reference(variables('hub'), '2023-05-01', 'full').location]"),
          // A name the template does not declare, one it leaves open, and an ID are Azure's to read.
          storage('byOther', "[reference('elsewhere', '2023-05-01', 'full').location]"),
          storage('byOpen', "[reference(parameters('outside'), '2023-05-01', 'full').location]"),
          storage('byId', "[reference('/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/hub', '2023-05-01', 'full').location]"),
        ],
      }),
    });
    const at = Object.fromEntries(r.resources.map((x) => [V.strings(x.name)[0].value, [...V.strings(V.lookup(x.body, 'location')).map((p) => p.value), ...V.lookup(x.body, 'location').unknowns.map((u) => u.reason)]]));
    const azure = 'reference() is evaluated by Azure at deployment';
    assert.deepEqual(at, { hub: ['eastasia'], byLiteral: ['eastasia'], byVariable: ['eastasia'], byOther: [azure], byOpen: [azure], byId: [azure] });
    assert.equal(byRule(r, 'region-proscribed').length, 1, 'one finding, at the literal');
  });

  test('variables that read each other thousands deep leave that location unknown, and the rest of the template is checked', () => {
    const variables = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`v${i}`, i ? `[variables('v${i - 1}')]` : 'eastus']));
    const r = analyzeTexts({ 'main.json': template({ variables, resources: [storage('deep', "[variables('v2999')]"), storage('near', 'eastasia')] }) });
    assert.deepEqual(byRule(r, 'syntax-error'), []);
    assert.match(byRule(r, 'region-unresolved')[0].message, /'deep'.*too large or too deeply nested/);
    assert.equal(anchorText(r, byRule(r, 'region-proscribed')[0]), '"eastasia"');
  });

  test('the artifacts-location pattern: uri(deployment().properties.templateLink.uri, relative) names a workspace file', () => {
    const r = analyzeTexts({
      'azuredeploy.json': template({
        parameters: {
          _artifactsLocation: { type: 'string', defaultValue: '[deployment().properties.templateLink.uri]' },
          _artifactsLocationSasToken: { type: 'securestring', defaultValue: '' },
        },
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'storage',
            properties: {
              mode: 'Incremental',
              templateLink: { uri: "[uri(parameters('_artifactsLocation'), concat('nested/storage.json', parameters('_artifactsLocationSasToken')))]" },
              parameters: { location: { value: 'chinanorth2' } },
            },
          },
        ],
      }),
      'nested/storage.json': template({ parameters: { location: { type: 'string' } }, resources: [storage('linked', "[parameters('location')]")] }),
    });
    assert.equal(byRule(r, 'module-unresolved').length, 0);
    assert.equal(anchorText(r, byRule(r, 'region-proscribed')[0]), '"chinanorth2"');
    assert.equal(byRule(r, 'region-unresolved').length, 0);
  });

  test('linked templates that link each other in a cycle, or a missing one, are reported and the scan ends', () => {
    const link = (path: string) => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'd', properties: { mode: 'Incremental', templateLink: { relativePath: path } } });
    const r = analyzeTexts({
      'a.json': template({ resources: [link('b.json'), storage('a', 'chinanorth')] }),
      'b.json': template({ resources: [link('a.json')] }),
      'c.json': template({ resources: [link('missing.json')] }),
    });
    const notices = byRule(r, 'module-unresolved').map((f) => f.message);
    assert.ok(notices.some((m) => /a cycle/.test(m)), notices.join('\n'));
    assert.ok(notices.some((m) => /'missing\.json' is not in the workspace/.test(m)), notices.join('\n'));
    assert.equal(byRule(r, 'region-proscribed').length, 1);
  });

  test('property copy loops: Cosmos DB locations built by copy are replication targets', () => {
    const r = analyzeTexts({
      'main.json': template({
        parameters: { regions: { type: 'array', defaultValue: ['eastus', 'eastasia'] } },
        resources: [
          {
            type: 'Microsoft.DocumentDB/databaseAccounts',
            apiVersion: '2024-05-15',
            name: 'cosmos',
            location: 'eastus',
            properties: {
              databaseAccountOfferType: 'Standard',
              copy: [{ name: 'locations', count: "[length(parameters('regions'))]", input: { locationName: "[parameters('regions')[copyIndex('locations')]]", failoverPriority: "[copyIndex('locations')]" } }],
            },
          },
        ],
      }),
    });
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => anchorText(r, f)), ['"eastasia"']);
  });

  test('a broken file still yields the resources before and after the error', () => {
    const text = `{
  "$schema": "${SCHEMA}",
  "resources": [
    { "type": "Microsoft.Storage/storageAccounts", "name": "before", "location": "eastasia" },
    { "type": "Microsoft.Storage/storageAccounts", "name": "broken", "location": },
    { "type": "Microsoft.Storage/storageAccounts", "name": "after", "location": "chinanorth" }
  ]
}`;
    const r = analyzeTexts({ 'main.json': text });
    const syntax = byRule(r, 'syntax-error');
    assert.ok(syntax.length >= 1);
    assert.equal(syntax[0].span.startLine, 4, 'reported on the broken line');
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => anchorText(r, f)).sort(), ['"chinanorth"', '"eastasia"']);
  });

  test('an unterminated string ends at its line; the next lines are still read', () => {
    const text = `{
  "$schema": "${SCHEMA}",
  "resources": [
    { "type": "Microsoft.Storage/storageAccounts", "name": "a", "location": "eastus },
    { "type": "Microsoft.Storage/storageAccounts", "name": "b", "location": "chinanorth" }
  ]
}`;
    const r = analyzeTexts({ 'main.json': text });
    assert.ok(byRule(r, 'syntax-error').some((f) => f.span.startLine === 3));
    assert.deepEqual(byRule(r, 'region-proscribed').map((f) => anchorText(r, f)), ['"chinanorth"']);
  });

  test('a multi-line expression string (ARM accepts raw line breaks in strings) is evaluated', () => {
    const text = `{
  "$schema": "${SCHEMA}",
  "resources": [
    { "type": "Microsoft.Storage/storageAccounts", "name": "a", "location": "[if(true(),
        'eastasia',
        'eastus')]" }
  ]
}`;
    const r = analyzeTexts({ 'main.json': text });
    assert.equal(byRule(r, 'syntax-error').length, 0);
    const [f] = byRule(r, 'region-proscribed');
    assert.equal(anchorText(r, f), "'eastasia'");
    assert.equal(f.span.startLine, 4);
  });

  test('comments and trailing commas are accepted', () => {
    const text = `{
  // a comment
  "$schema": "${SCHEMA}",
  /* block */
  "resources": [
    { "type": "Microsoft.Storage/storageAccounts", "name": "a", "location": "eastasia", },
  ],
}`;
    const r = analyzeTexts({ 'main.json': text });
    assert.equal(byRule(r, 'syntax-error').length, 0);
    assert.equal(byRule(r, 'region-proscribed').length, 1);
  });

  test('CRLF line endings and a byte-order mark keep positions exact', () => {
    const lines = ['{', `  "$schema": "${SCHEMA}",`, '  "resources": [', '    { "type": "Microsoft.Storage/storageAccounts", "name": "a", "location": "eastasia" }', '  ]', '}'];
    const r = analyzeTexts({ 'main.json': '\ufeff' + lines.join('\r\n') });
    const [f] = byRule(r, 'region-proscribed');
    assert.equal(f.span.startLine, 3);
    assert.equal(f.span.startCharacter, lines[3].indexOf('"eastasia"'));
    assert.equal(anchorText(r, f), '"eastasia"');
  });

  test("a parameter's type permits values as elements and properties: each proscribed entry is a finding at that entry", () => {
    const site = (regions: string[]) => ({ type: 'object', properties: { name: { type: 'string' }, location: { type: 'string', allowedValues: regions } } });
    const r = analyzeTexts({
      'main.json': template({
        languageVersion: '2.0',
        definitions: {
          region: { type: 'string', allowedValues: ['usgovvirginia', 'eastasia'] },
          site: site(['usgovvirginia', 'chinanorth']),
          tagged: { type: 'object', discriminator: { propertyName: 'kind', mapping: { us: { $ref: '#/definitions/site' }, apac: site(['chinanorth2']) } } },
        },
        parameters: {
          listed: { type: 'array', allowedValues: ['usgovvirginia', 'chinaeast'], defaultValue: ['usgovvirginia'] },
          items: { type: 'array', items: { type: 'string', allowedValues: ['usgovvirginia', 'chinaeast2'] }, defaultValue: [] },
          ref: { $ref: '#/definitions/region', defaultValue: 'usgovvirginia' },
          sites: { type: 'array', items: { $ref: '#/definitions/site' }, defaultValue: [] },
          one: { $ref: '#/definitions/tagged', defaultValue: { kind: 'us', name: 's', location: 'usgovvirginia' } },
        },
        resources: {
          a: storage('a', "[parameters('listed')[copyIndex()]]", { copy: { name: 'a', count: 1 } }),
          b: storage('b', "[parameters('items')[copyIndex()]]", { copy: { name: 'b', count: 1 } }),
          c: storage('c', "[parameters('ref')]"),
          d: storage('d', "[parameters('sites')[copyIndex()].location]", { copy: { name: 'd', count: 1 } }),
          e: storage('e', "[parameters('one').location]"),
        },
      }),
    });
    const found = byRule(r, 'region-proscribed').map((f) => `${anchorText(r, f)} ${f.resources.length}`);
    assert.deepEqual(found.sort(), ['"chinaeast" 1', '"chinaeast2" 1', '"chinanorth" 2', '"chinanorth2" 1', '"eastasia" 1']);
  });

  test("a type that permits only US regions gives no finding, and a property it lists no values for reads only the parameter's values", () => {
    const r = analyzeTexts({
      'main.json': template({
        languageVersion: '2.0',
        parameters: {
          regions: { type: 'array', items: { type: 'string', allowedValues: ['usgovvirginia', 'usgovtexas'] }, defaultValue: ['usgovvirginia'] },
          site: { type: 'object', properties: { name: { type: 'string' }, location: { type: 'string', allowedValues: ['usgovarizona'] } }, defaultValue: { name: 'hq', location: 'usgovarizona' } },
          unset: { type: 'object', properties: { location: { type: 'string' }, tier: { type: 'string', allowedValues: ['Hot', 'Cool'] } } },
        },
        resources: {
          a: storage('a', "[parameters('regions')[copyIndex()]]", { copy: { name: 'a', count: 1 } }),
          b: storage("[parameters('site').name]", "[parameters('site').location]"),
          c: storage('c', "[parameters('unset').location]"),
        },
      }),
    });
    // Without a default, the property the type lists nothing for stays undetermined.
    assert.deepEqual(
      r.findings.filter((f) => f.ruleId.startsWith('region-')).map((f) => `${f.ruleId} ${f.message.includes("parameter 'unset' has no default value")}`),
      ['region-unresolved true'],
    );
    const b = r.resources.find((x) => x.symbolicName === 'b')!;
    assert.deepEqual(V.strings(b.name).map((p) => p.value), ['hq'], 'the type gives no name, and no missing one');
    assert.deepEqual(V.strings(V.lookup(b.body, 'location')).map((p) => p.value), ['usgovarizona', 'usgovarizona']);
  });

  test('JSON files that are not templates are ignored', () => {
    const r = analyzeTexts({ 'package.json': '{ "name": "x", "location": "eastasia" }', 'broken.json': '{ "a": ' });
    assert.equal(r.findings.length, 0);
    assert.equal(r.documents.length, 0);
  });
});

test('a nested deployment that does not pass a nullable parameter without a default makes it null', () => {
  const nested = (values: object) =>
    template({ resources: [innerDeployment(values, { region: { type: 'string', nullable: true } }, [storage('a', "[coalesce(parameters('region'), 'eastasia')]")])] });
  const unpassed = analyzeTexts({ 'main.json': nested({}) });
  assert.deepEqual([byRule(unpassed, 'region-proscribed').length, byRule(unpassed, 'region-unresolved').length], [1, 0]);
  const passed = analyzeTexts({ 'main.json': nested({ region: { value: 'eastus' } }) });
  assert.deepEqual([byRule(passed, 'region-proscribed').length, byRule(passed, 'region-unresolved').length], [0, 0]);
  // Parameters an expression gives as a whole may include it: undetermined, not null.
  const opaque = analyzeTexts({ 'main.json': nested("[variables('p')]" as unknown as object) });
  assert.equal(byRule(opaque, 'region-unresolved').length, 1);
});

test('what a nested deployment passes or leaves out decides conditions, if() branches and copy counts; its own parameters never do', () => {
  const endpoint = { type: 'Microsoft.Network/privateEndpoints', apiVersion: '2023-11-01', name: "[format('pe{0}', copyIndex())]", location: "[tryGet(parameters('endpoints')[copyIndex()], 'location')]", properties: {} };
  const innerParams = {
    endpoints: { type: 'array', nullable: true },
    key: { type: 'object', nullable: true },
    tier: { type: 'string', defaultValue: 'Premium' },
  };
  const resources = [
    { ...endpoint, copy: { name: 'pe', count: "[length(coalesce(parameters('endpoints'), createArray()))]" } },
    storage('keyed', 'eastus', { properties: { encryption: { keySource: "[if(not(empty(parameters('key'))), 'Microsoft.Keyvault', 'Microsoft.Storage')]" } } }),
    storage('premium', "[if(equals(parameters('tier'), 'Premium'), 'eastus', 'eastasia')]", { condition: "[not(empty(coalesce(parameters('key'), createObject())))]" }),
  ];
  const run = (values: object, outer: object = {}) => analyzeTexts({ 'main.json': template({ ...outer, resources: [innerDeployment(values, innerParams, resources)] }) });
  const names = (r: ReturnType<typeof run>) => r.resources.filter((x) => x.type !== 'Microsoft.Resources/deployments').map((x) => V.strings(x.name)[0]?.value ?? x.type);
  // Nothing passed: no endpoint, no key (Microsoft-managed), the conditional account not deployed.
  const none = run({});
  assert.deepEqual(names(none), ['keyed']);
  const keyed = none.resources.find((x) => V.strings(x.name)[0]?.value === 'keyed')!;
  assert.deepEqual(V.strings(V.lookup(keyed.body, 'properties.encryption.keySource')).map((p) => p.value), ['Microsoft.Storage']);
  // An object and an array written out, whose values the outer template's parameters give: their size is fixed.
  const written = run(
    { endpoints: { value: [{ location: "[parameters('peRegion')]" }] }, key: { value: { keyName: "[parameters('keyName')]" } } },
    { parameters: { peRegion: { type: 'string', defaultValue: 'chinanorth3' }, keyName: { type: 'string' } } },
  );
  assert.deepEqual(names(written).sort(), ['Microsoft.Network/privateEndpoints', 'keyed', 'premium']);
  assert.equal(byRule(written, 'region-proscribed').length, 1);
  assert.equal(byRule(written, 'region-proscribed')[0].message.includes('chinanorth3'), true);
  // The default the inner template gives its tier is fixed, so the account is in eastus only.
  assert.equal(byRule(written, 'region-proscribed').some((f) => f.message.includes('eastasia')), false);
  // A value the outer template's parameter gives as a whole may be anything: both branches, and the loop stays.
  const opaque = run({ key: { value: "[parameters('key')]" }, tier: { value: "[parameters('tier')]" } }, { parameters: { key: { type: 'object', defaultValue: {} }, tier: { type: 'string', defaultValue: 'Premium' } } });
  assert.deepEqual(names(opaque).sort(), ['keyed', 'premium']);
  assert.ok(byRule(opaque, 'region-proscribed').some((f) => f.message.includes('eastasia')));
});

test('values a linked parameter file gives, and loops over an unknown count, decide nothing', () => {
  const child = template({
    parameters: { deployDr: { type: 'bool', defaultValue: false } },
    resources: [storage('stdr', 'eastasia', { condition: "[parameters('deployDr')]" }), storage('stmain', "[if(parameters('deployDr'), 'chinanorth3', 'eastus')]")],
  });
  const linked = analyzeTexts({
    'main.json': template({
      resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'child', properties: { mode: 'Incremental', templateLink: { relativePath: 'child.json' }, parametersLink: { uri: 'https://example.com/child.parameters.json' } } }],
    }),
    'child.json': child,
  });
  assert.deepEqual(byRule(linked, 'region-proscribed').map((f) => anchorText(linked, f)).sort(), ['"eastasia"', "'chinanorth3'"]);
  // An array built by a loop over a parameter's count may be empty: tryGet() of its first element may be null.
  const open = analyzeTexts({
    'main.json': template({
      parameters: { n: { type: 'int' } },
      variables: { copy: [{ name: 'names', count: "[parameters('n')]", input: 'eastus' }] },
      resources: [storage('st', "[coalesce(tryGet(variables('names'), 0), 'chinaeast2')]")],
    }),
  });
  assert.deepEqual(byRule(open, 'region-proscribed').map((f) => anchorText(open, f)), ["'chinaeast2'"]);
});

test('an argument Bicep compiles as an expression that gives the whole { value } object is that value', () => {
  const r = analyzeTexts({
    'main.json': template({
      parameters: { primary: { type: 'bool' } },
      resources: [innerDeployment({ region: "[if(parameters('primary'), createObject('value', 'eastus'), createObject('value', 'chinanorth3'))]" }, { region: { type: 'string' } }, [storage('st', "[parameters('region')]")])],
    }),
  });
  assert.deepEqual(byRule(r, 'region-proscribed').map((f) => anchorText(r, f)), ["'chinanorth3'"]);
  assert.equal(byRule(r, 'region-unresolved').length, 0);
});

test("a child named format('{0}/{1}', parent, name) under a parent the files do not name is judged by its own name", () => {
  const config = (name: string, value: string) => ({
    type: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations',
    apiVersion: '2024-08-01',
    name: `[format('{0}/{1}', parameters('server'), '${name}')]`,
    properties: { value, source: 'user-override' },
  });
  const r = analyzeTexts({ 'main.json': template({ parameters: { server: { type: 'string' } }, resources: [config('azure.extensions', 'vector'), config('require_secure_transport', 'OFF')] }) });
  const insecure = byRule(r, 'https-only');
  assert.deepEqual(insecure.map((f) => anchorText(r, f)), ['"OFF"']);
  assert.equal(byRule(r, 'tls-version').filter((f) => anchorText(r, f) === '"vector"').length, 0);
});

test('what a deployment may still change is not decided: a null argument over a default it passes on, string() of a boolean, a Key Vault reference branch', () => {
  const vault = (name: string, location: string, extra: object = {}) => ({ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name, location, properties: { tenantId: 't', sku: { family: 'A', name: 'premium' }, enablePurgeProtection: true }, ...extra });
  const nullArgument = analyzeTexts({
    'main.json': template({
      parameters: { rootFlag: { type: 'bool', defaultValue: false } },
      resources: [
        innerDeployment({ y: { value: "[parameters('rootFlag')]" }, x: { value: null } }, { y: { type: 'bool' }, x: { type: 'bool', defaultValue: "[parameters('y')]" } }, [
          vault('kvdr', 'chinaeast2', { condition: "[parameters('x')]" }),
          vault('kvmain', "[if(parameters('x'), 'chinanorth3', 'eastus')]"),
        ]),
      ],
    }),
  });
  assert.deepEqual(byRule(nullArgument, 'region-proscribed').map((f) => anchorText(nullArgument, f)).sort(), ['"chinaeast2"', "'chinanorth3'"]);
  const text = analyzeTexts({
    'main.json': template({ resources: [innerDeployment({ deployReplica: { value: true } }, { deployReplica: { type: 'bool', defaultValue: false } }, [vault('kvreplica', 'eastasia', { condition: "[equals(string(parameters('deployReplica')), 'True')]" })])] }),
  });
  assert.equal(byRule(text, 'region-proscribed').length, 1);
  const referenceBranch = analyzeTexts({
    'main.json': template({
      parameters: { c: { type: 'bool' } },
      resources: [innerDeployment({ loc: "[if(parameters('c'), createObject('value', 'eastus'), createObject('reference', createObject('keyVault', createObject('id', '/x'), 'secretName', 's')))]" }, { loc: { type: 'string' } }, [vault('kv', "[parameters('loc')]")])],
    }),
  });
  assert.match(byRule(referenceBranch, 'region-unresolved')[0]?.message ?? '', /passed as a Key Vault reference/);
});

test('a loop over a list of server settings judges no setting by another element’s name; tryGet keeps an unknown property value; empty() alone is no crash', () => {
  const configs = analyzeTexts({
    'main.json': template({
      parameters: { server: { type: 'string' }, configurations: { type: 'array', defaultValue: [{ name: 'require_secure_transport', value: 'ON' }, { name: 'ssl_min_protocol_version', value: 'TLSv1.2' }] } },
      resources: [
        {
          copy: { name: 'cfg', count: "[length(parameters('configurations'))]" },
          type: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations',
          apiVersion: '2024-08-01',
          name: "[format('{0}/{1}', parameters('server'), parameters('configurations')[copyIndex()].name)]",
          properties: { value: "[tryGet(parameters('configurations')[copyIndex()], 'value')]", source: 'user-override' },
        },
      ],
    }),
  });
  assert.deepEqual([byRule(configs, 'tls-version').length, byRule(configs, 'https-only').length], [0, 0]);
  // A property that is there keeps its value, unknown too, rather than null.
  const unknownValue = analyzeTexts({
    'main.json': template({
      parameters: { region: { type: 'string' } },
      variables: { site: { loc: "[parameters('region')]" } },
      resources: [storage('st', "[coalesce(tryGet(variables('site'), 'loc'), 'eastus')]")],
    }),
  });
  assert.equal(byRule(unknownValue, 'region-unresolved').length, 1);
  const bare = analyzeTexts({ 'main.json': template({ resources: [storage('st', "[if(empty(), 'eastasia', 'westus')]")] }) });
  assert.equal(byRule(bare, 'region-proscribed').length, 1);
  assert.ok(!bare.findings.some((f) => /could not be evaluated/.test(f.message)));
});
