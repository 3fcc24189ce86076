import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOUDS, portalUrl } from '../../src/azure/clouds';
import { describeAzureError, redactSecrets } from '../../src/azure/errors';

test('clouds: ARM endpoint, token scope, authority and portal of each', () => {
  assert.deepEqual(
    Object.values(CLOUDS).map((c) => [c.name, c.resourceManager, c.armScope, c.authorityHost, c.portal]),
    [
      ['AzureCloud', 'https://management.azure.com', 'https://management.azure.com/.default', 'https://login.microsoftonline.com', 'https://portal.azure.com'],
      ['AzureUSGovernment', 'https://management.usgovcloudapi.net', 'https://management.usgovcloudapi.net/.default', 'https://login.microsoftonline.us', 'https://portal.azure.us'],
    ],
  );
});

test('portal links open the resource in the right cloud and tenant', () => {
  const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
  assert.equal(portalUrl(CLOUDS.AzureUSGovernment, id, 't1'), `https://portal.azure.us/#@t1/resource${id}`);
  assert.equal(portalUrl(CLOUDS.AzureCloud, id), `https://portal.azure.com/#resource${id}`);
});

test('error descriptions never carry a token', () => {
  const jwt = 'eyJ0eXAiOiJKV1QifQ.eyJuIjoxfQ.c2ln';
  assert.equal(redactSecrets(`Authorization: Bearer ${jwt} failed`), 'Authorization: Bearer *** failed');
  assert.equal(describeAzureError(new Error(`token ${jwt}\nrefused`)), 'token *** refused');
});
