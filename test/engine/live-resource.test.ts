import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalLiveType, liveResource, liveResourceName } from '../../src/engine/formats/arm/live';
import * as V from '../../src/engine/model/value';
import { checkResources } from '../../src/engine/workspace/workspace';
import { ENCRYPTION_OFF } from '../helpers/workspace';

const ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa';

test('a deployed resource is read as plain JSON: a value that looks like an expression stays a value', () => {
  const r = liveResource({ id: ID, type: 'microsoft.storage/storageaccounts', name: 'sa', location: 'eastus', tags: { note: "[concat('a')]" } });
  assert.equal(r.type, 'Microsoft.Storage/storageAccounts');
  assert.equal(r.format, 'live');
  assert.equal(r.key, ID);
  assert.equal(r.resourceId, ID);
  assert.deepEqual(V.strings(V.lookup(r.body, 'tags.note')).map((p) => p.value), ["[concat('a')]"]);
  assert.equal(r.declaration.uri, `azure://${ID}`);
});

test('types take the casing of the resource ID; Resource Graph resource groups become Microsoft.Resources/resourceGroups', () => {
  assert.equal(canonicalLiveType('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a/databases/b', 'microsoft.sql/servers/databases'), 'Microsoft.Sql/servers/databases');
  assert.equal(canonicalLiveType('/subscriptions/s/resourceGroups/rg', 'microsoft.resources/subscriptions/resourcegroups'), 'Microsoft.Resources/resourceGroups');
  assert.equal(canonicalLiveType('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/x', 'Microsoft.Web/sites/slots'), 'Microsoft.Web/sites/slots');
});

test('findings on live resources carry the resource ID as logical location and no fixes', () => {
  const resources = [
    liveResource({ id: ID, type: 'Microsoft.Storage/storageAccounts', name: 'sa', location: 'southeastasia', sku: { name: 'Standard_GRS' } }),
    liveResource({ id: '/subscriptions/s1/resourceGroups/rg', type: 'microsoft.resources/subscriptions/resourcegroups', name: 'rg', location: 'East Asia' }),
  ];
  const findings = checkResources(resources, { policy: { profile: 'not-proscribed' }, rules: ENCRYPTION_OFF });
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.logicalLocation, f.fixes.length]),
    [
      ['region-proscribed', '/subscriptions/s1/resourceGroups/rg', 0],
      ['region-proscribed', ID, 0],
    ],
  );
  assert.match(findings[1].message, /geo-redundant copy in 'eastasia'/);
});

test('the full name of a deployed resource comes from its ID, as templates write it', () => {
  assert.equal(liveResourceName('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a/databases/b'), 'a/b');
  assert.equal(liveResourceName(ID), 'sa');
  assert.equal(liveResourceName('/subscriptions/s/resourceGroups/rg-1'), 'rg-1');
  assert.equal(liveResourceName('/subscriptions/s'), undefined);
});
