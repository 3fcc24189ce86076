import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TokenCredential } from '@azure/core-auth';
import { readCloud, type CloudReadOptions } from '../../src/azure/account';
import { CLOUDS, type CloudName } from '../../src/azure/clouds';
import { LiveLoadError } from '../../src/azure/load';
import { LoopbackTestCredential } from '../../src/azure/test-credential';
import type { FakeArm } from './fake-arm/server';
import { fillSubscription, subscription, type FakeTenant } from './fake-arm/tenant';
import { QUICK, withFake } from './helpers';

const HOME = '11111111-1111-4111-8111-111111111111';
const GUEST = '22222222-2222-4222-8222-222222222222';
const GOV = '33333333-3333-4333-8333-333333333333';

function tenant(id: string, cloud: CloudName, displayName: string, subs: number[]): FakeTenant {
  const subscriptions = subs.map((n) => ({ ...subscription(n, `${displayName} ${n}`), tenantId: id }));
  return { tenantId: id, cloud, displayName, defaultDomain: `${displayName.toLowerCase()}.onmicrosoft.com`, subscriptions, resources: subscriptions.flatMap((s) => fillSubscription(s.subscriptionId, 12, cloud === 'AzureCloud' ? 'eastus' : 'usgovvirginia')) };
}

/** An account homed in Contoso, a guest in Fabrikam, with a tenant in Azure US Government as well. */
const ESTATE = [tenant(HOME, 'AzureCloud', 'Contoso', [1, 2]), tenant(GUEST, 'AzureCloud', 'Fabrikam', [3]), tenant(GOV, 'AzureUSGovernment', 'Contoso Gov', [4])];

function read(fake: FakeArm, cloud: CloudName, options: Partial<CloudReadOptions> = {}) {
  return readCloud({ cloud: CLOUDS[cloud], credentialFor: (t) => new LoopbackTestCredential(fake.tokenEndpoint, t), endpoint: fake.url, connection: QUICK, ...options });
}

function tokenTenants(fake: FakeArm): (string | undefined)[] {
  return fake.log.filter((r) => r.url === '/token').map((r) => (JSON.parse(r.body!) as { tenantId?: string }).tenantId);
}

describe('reading a cloud for the Azure Compliance view', () => {
  test("the account's home tenant by default, every subscription it lists", async () => {
    await withFake(ESTATE, {}, async (fake) => {
      const r = await read(fake, 'AzureCloud');
      assert.deepEqual(
        r.tenants.map((t) => [t.displayName, t.home]),
        [
          ['Contoso', true],
          ['Fabrikam', false],
        ],
      );
      assert.equal(r.tenant.id, HOME);
      assert.deepEqual(r.visible.map((s) => s.displayName), ['Contoso 1', 'Contoso 2']);
      assert.deepEqual(r.load.subscriptions.map((s) => [s.subscription.displayName, s.resources.length, s.complete]), [
        ['Contoso 1', 12, true],
        ['Contoso 2', 12, true],
      ]);
      // One token of the home tenant serves the whole read.
      assert.deepEqual(tokenTenants(fake), [undefined]);
      assert.deepEqual(fake.tokenScopes, ['https://management.azure.com/.default']);
    });
  });

  test('another tenant the user chose: a token of that tenant, its subscriptions only', async () => {
    await withFake(ESTATE, {}, async (fake) => {
      const r = await read(fake, 'AzureCloud', { preferredTenant: GUEST.toUpperCase() });
      assert.equal(r.tenant.displayName, 'Fabrikam');
      assert.deepEqual(r.load.subscriptions.map((s) => s.subscription.displayName), ['Fabrikam 3']);
      assert.deepEqual(tokenTenants(fake), [undefined, GUEST]);
    });
  });

  test('a chosen tenant the account no longer reaches gives way to the home tenant', async () => {
    await withFake(ESTATE, {}, async (fake) => {
      const r = await read(fake, 'AzureCloud', { preferredTenant: '99999999-9999-4999-8999-999999999999' });
      assert.equal(r.tenant.id, HOME);
    });
  });

  test('Azure US Government: its scope, its tenants, its subscriptions', async () => {
    await withFake(ESTATE, {}, async (fake) => {
      const r = await read(fake, 'AzureUSGovernment');
      assert.deepEqual(r.tenants.map((t) => t.displayName), ['Contoso Gov']);
      assert.deepEqual(r.load.subscriptions.map((s) => [s.subscription.displayName, s.resources.length]), [['Contoso Gov 4', 12]]);
      assert.deepEqual(fake.tokenScopes, ['https://management.usgovcloudapi.net/.default']);
    });
  });

  test('the subscription selection: IDs in any casing; IDs of other clouds select nothing here', async () => {
    await withFake(ESTATE, {}, async (fake) => {
      const two = subscription(2).subscriptionId;
      const r = await read(fake, 'AzureCloud', { subscriptionFilter: [` ${two.toUpperCase()} `, subscription(4).subscriptionId] });
      assert.equal(r.visible.length, 2);
      assert.deepEqual(r.load.subscriptions.map((s) => s.subscription.id), [two]);
      const none = await read(fake, 'AzureCloud', { subscriptionFilter: [subscription(4).subscriptionId] });
      assert.equal(none.visible.length, 2);
      assert.deepEqual(none.load.subscriptions, []);
    });
  });

  test('tenants that cannot be listed fail the read with the reason', async () => {
    await withFake(ESTATE, {}, async (fake) => {
      fake.inject({ match: /^GET \/tenants\?/, kind: 'forbidden' });
      await assert.rejects(read(fake, 'AzureCloud'), (e: unknown) => e instanceof LiveLoadError && /^the tenants could not be listed: HTTP 403 AuthorizationFailed/.test(e.message));
    });
  });

  test("a tenant whose token is refused fails the read, and the credential's error is its cause", async () => {
    await withFake(ESTATE, {}, async (fake) => {
      const refusal = new Error('sign in to Fabrikam again');
      const credentialFor = (t?: string): TokenCredential => (t === GUEST ? { getToken: () => Promise.reject(refusal) } : new LoopbackTestCredential(fake.tokenEndpoint, t));
      await assert.rejects(read(fake, 'AzureCloud', { preferredTenant: GUEST, credentialFor }), (e: unknown) => e instanceof LiveLoadError && e.cause === refusal && /could not be listed: sign in to Fabrikam again/.test(e.message));
    });
  });
});
