/**
 * Format-neutral changes written into ARM templates: the exact text, in the file's layout.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ResourceChange } from '../../src/engine/model/change';
import type { Resource } from '../../src/engine/model/resource';
import { configureIn, STORAGE_CMK as cmk, TLS_1_2 as tls, writeIn } from '../helpers/configure';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const URI = 'file:///virtual/main.json';

const ofType = (type: string) => (r: Resource) => r.type === type;
const configure = (text: string, change: ResourceChange, type = 'Microsoft.Storage/storageAccounts') => configureIn(URI, text, change, ofType(type));
const write = (text: string, change: ResourceChange, type = 'Microsoft.Storage/storageAccounts') => writeIn(URI, text, change, ofType(type));

describe('ARM configure', () => {
  test('a missing property goes after the last one, on its own line, with CRLF and tabs kept', () => {
    const text = ['{', `\t"$schema": "${SCHEMA}",`, '\t"resources": [', '\t\t{', '\t\t\t"type": "Microsoft.Storage/storageAccounts",', '\t\t\t"name": "a",', '\t\t\t"properties": {', '\t\t\t\t"supportsHttpsTrafficOnly": true', '\t\t\t}', '\t\t}', '\t]', '}'].join('\r\n');
    const out = write(text, tls);
    assert.equal(out, text.replace('"supportsHttpsTrafficOnly": true', '"supportsHttpsTrafficOnly": true,\r\n\t\t\t\t"minimumTlsVersion": "TLS1_2"'));
  });

  test('a comment or a trailing comma after the last property stays where it is', () => {
    const base = (last: string) => `{\n  "$schema": "${SCHEMA}",\n  "resources": [\n    {\n      "type": "Microsoft.Storage/storageAccounts",\n      "name": "a",\n      "properties": {\n        ${last}\n      }\n    }\n  ]\n}`;
    assert.equal(write(base('"a": 1 // why'), tls), base('"a": 1, // why\n        "minimumTlsVersion": "TLS1_2"'));
    assert.equal(write(base('"a": 1,'), tls), base('"a": 1,\n        "minimumTlsVersion": "TLS1_2"'));
  });

  test('an existing value is replaced; a one-line object gets the property inline; an empty one opens up', () => {
    const doc = (props: string) => JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a', properties: 'PROPS' }] }, null, 2).replace('"PROPS"', props);
    assert.equal(write(doc('{ "minimumTlsVersion": "TLS1_0" }'), tls), doc('{ "minimumTlsVersion": "TLS1_2" }'));
    assert.equal(write(doc('{ "allowBlobPublicAccess": false }'), tls), doc('{ "allowBlobPublicAccess": false, "minimumTlsVersion": "TLS1_2" }'));
    assert.equal(write(doc('{}'), tls), doc('{\n        "minimumTlsVersion": "TLS1_2"\n      }'));
  });

  test('new inputs become parameters before the resources; references are parameters() expressions', () => {
    const text = JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a' }] }, null, 2);
    const out = write(text, cmk);
    const parsed = JSON.parse(out);
    assert.deepEqual(Object.keys(parsed), ['$schema', 'parameters', 'resources']);
    assert.deepEqual(parsed.parameters, { cmkKeyVaultUri: { type: 'string', metadata: { description: "The vault's URI" } }, cmkKeyName: { type: 'string', metadata: { description: 'Key name' } } });
    assert.deepEqual(parsed.resources[0].properties, {
      encryption: { keySource: 'Microsoft.Keyvault', keyvaultproperties: { keyvaulturi: "[parameters('cmkKeyVaultUri')]", keyname: "[parameters('cmkKeyName')]" } },
    });
  });

  test('a parameter the template declares already is reused, in its spelling', () => {
    const text = JSON.stringify({ $schema: SCHEMA, parameters: { CmkKeyName: { type: 'string' } }, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a' }] }, null, 2);
    const parsed = JSON.parse(write(text, cmk));
    assert.deepEqual(Object.keys(parsed.parameters), ['CmkKeyName', 'cmkKeyVaultUri']);
    assert.equal(parsed.resources[0].properties.encryption.keyvaultproperties.keyname, "[parameters('CmkKeyName')]");
  });

  test('[*] sets every element of an array, and creates one element when the array is missing or empty', () => {
    const change: ResourceChange = { purpose: 'infrastructure-encryption', set: [{ path: 'properties.agentPoolProfiles[*].enableEncryptionAtHost', value: { kind: 'scalar', value: true } }] };
    const doc = (pools: unknown) => JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.ContainerService/managedClusters', name: 'k', properties: pools === undefined ? {} : { agentPoolProfiles: pools } }] }, null, 2);
    const type = 'Microsoft.ContainerService/managedClusters';
    assert.deepEqual(JSON.parse(write(doc([{ name: 'a' }, { name: 'b', enableEncryptionAtHost: false }]), change, type)).resources[0].properties.agentPoolProfiles, [
      { name: 'a', enableEncryptionAtHost: true },
      { name: 'b', enableEncryptionAtHost: true },
    ]);
    assert.deepEqual(JSON.parse(write(doc([]), change, type)).resources[0].properties.agentPoolProfiles, [{ enableEncryptionAtHost: true }]);
    assert.deepEqual(JSON.parse(write(doc(undefined), change, type)).resources[0].properties.agentPoolProfiles, [{ enableEncryptionAtHost: true }]);
  });

  test('a part built by an expression, a file that does not parse and an inner-scope template needing inputs are left alone', () => {
    const expression = JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a', properties: "[variables('props')]" }] });
    assert.equal(configure(expression, tls), undefined);
    const broken = `{ "$schema": "${SCHEMA}", "resources": [ { "type": "Microsoft.Storage/storageAccounts", "name": "a", "properties": { } ] }`;
    assert.equal(configure(broken, tls), undefined);
    const inner = JSON.stringify({
      $schema: SCHEMA,
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'd',
          properties: { expressionEvaluationOptions: { scope: 'inner' }, template: { $schema: SCHEMA, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'a' }] } },
        },
      ],
    });
    assert.equal(configure(inner, cmk), undefined);
    assert.ok(configure(inner, tls), 'a change without inputs is written');
  });
});
