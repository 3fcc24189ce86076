import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLOUDS } from '../../src/azure/clouds';
import { connect } from '../../src/azure/connection';
import { LoopbackTestCredential } from '../../src/azure/test-credential';
import { evaluateLive } from '../../src/azure/evaluate';
import { LiveLoadError, loadLiveState } from '../../src/azure/load';
import type { FakeArm } from './fake-arm/server';
import { bulkTenant, cosmosAccount, resourceGroup, subscription, subscriptionId, TENANT_ID, type FakeTenant } from './fake-arm/tenant';
import { typesWithPropertyReads } from '../../src/engine/rules/property-reads';
import { ENCRYPTION_OFF } from '../helpers/workspace';
import { connectTo, QUICK, withFake } from './helpers';

const SUB1 = subscriptionId(1);
const SUB2 = subscriptionId(2);
const GRAPH = /^POST \/providers\/Microsoft\.ResourceGraph\/resources/i;

function tenant(): FakeTenant {
  return bulkTenant(2, 40, 'eastus');
}

/** Only reads reached the server: GETs, Resource Graph queries and token requests. */
function assertReadOnly(fake: FakeArm): void {
  for (const r of fake.log) {
    assert.ok(r.method === 'GET' || (r.method === 'POST' && (GRAPH.test(`POST ${r.url}`) || r.url === '/token')), `${r.method} ${r.url}`);
  }
}

function statuses(fake: FakeArm, match: RegExp): number[] {
  return fake.log.filter((r) => match.test(`${r.method} ${r.url}`)).map((r) => r.status);
}

describe('loading live resources', () => {
  test('reads every subscription through one paged Resource Graph query, resource groups included, reads only', async () => {
    await withFake(tenant(), { graphPageSize: 15 }, async (fake) => {
      const progress: string[] = [];
      const load = await loadLiveState(connectTo(fake), { onProgress: (p) => progress.push(`${p.message}: ${p.resources}${p.total ? ` of ${p.total}` : ''}`) });
      assert.deepEqual(load.subscriptions.map((s) => [s.subscription.id, s.resources.length, s.source, s.complete]), [
        [SUB1, 40, 'resource-graph', true],
        [SUB2, 40, 'resource-graph', true],
      ]);
      // A long load says what it is doing and how far it has got.
      assert.deepEqual(progress, ['Listing subscriptions: 0', 'Reading resources through Resource Graph: 0', ...[15, 30, 45, 60, 75, 80].map((n) => `Reading resources through Resource Graph: ${n} of 80`)]);
      assert.ok(load.subscriptions[0].resources.some((r) => r.type === 'microsoft.resources/subscriptions/resourcegroups'));
      assert.equal(statuses(fake, GRAPH).length, Math.ceil(80 / 15));
      const first = JSON.parse(fake.log.find((r) => GRAPH.test(`POST ${r.url}`))!.body!);
      assert.deepEqual(first.subscriptions, [SUB1, SUB2]);
      assert.equal(first.options.resultFormat, 'objectArray');
      assert.match(first.query, /project id, type, name, location, resourceGroup, subscriptionId, sku, kind, identity, properties/);
      assertReadOnly(fake);
      assert.deepEqual(fake.tokenScopes, ['https://management.azure.com/.default']);
    });
  });

  test('asks for an Azure Government token in the Government cloud, whatever the endpoint', async () => {
    await withFake(tenant(), { cloud: 'AzureUSGovernment' }, async (fake) => {
      await loadLiveState(connectTo(fake, 'AzureUSGovernment'));
      assert.deepEqual(fake.tokenScopes, ['https://management.usgovcloudapi.net/.default']);
    });
  });

  test('only the subscriptions asked for; one the account cannot see is tried and reported', async () => {
    await withFake(tenant(), {}, async (fake) => {
      const missing = subscriptionId(99);
      const load = await loadLiveState(connectTo(fake), { subscriptionIds: [SUB2, missing] });
      assert.deepEqual(load.subscriptions.map((s) => s.subscription.id), [SUB2, missing]);
      assert.equal(load.subscriptions[0].resources.length, 40);
      assert.equal(load.subscriptions[1].resources.length, 0);
      assert.match(load.subscriptions[1].error ?? '', /SubscriptionNotFound|404/);
    });
  });

  test('throttling: waits for Retry-After, then retries', async () => {
    await withFake(tenant(), {}, async (fake) => {
      fake.inject({ match: GRAPH, kind: 'throttle', retryAfterSeconds: 1 });
      const started = Date.now();
      const load = await loadLiveState(connectTo(fake));
      assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
      assert.deepEqual(statuses(fake, GRAPH), [429, 200]);
      assert.ok(load.subscriptions.every((s) => s.complete && s.resources.length === 40));
    });
  });

  test('server errors: retries with backoff', async () => {
    await withFake(tenant(), {}, async (fake) => {
      fake.inject({ match: GRAPH, kind: 'server-error', status: 500, times: 2 }, { match: /^GET \/subscriptions\?/, kind: 'server-error', status: 503 });
      const load = await loadLiveState(connectTo(fake));
      assert.deepEqual(statuses(fake, GRAPH), [500, 500, 200]);
      assert.deepEqual(statuses(fake, /^GET \/subscriptions\?/), [503, 200]);
      assert.ok(load.subscriptions.every((s) => s.complete));
    });
  });

  test('time-outs: an attempt that gets no answer is abandoned and retried', async () => {
    await withFake(tenant(), {}, async (fake) => {
      fake.inject({ match: GRAPH, kind: 'hang' });
      const load = await loadLiveState(connectTo(fake, 'AzureCloud', { attemptTimeoutMs: 300 }));
      assert.deepEqual(statuses(fake, GRAPH), [0, 200]);
      assert.ok(load.subscriptions.every((s) => s.complete && s.resources.length === 40));
    });
  });

  test('an expired token is refreshed once and the request retried', async () => {
    await withFake(tenant(), {}, async (fake) => {
      fake.inject({ match: GRAPH, kind: 'expired-token' });
      const load = await loadLiveState(connectTo(fake));
      assert.deepEqual(statuses(fake, GRAPH), [401, 200]);
      assert.equal(fake.tokens.length, 2);
      assert.ok(load.subscriptions.every((s) => s.complete));
    });
  });

  test('a token refused again after the refresh fails that request only: the load goes on', async () => {
    await withFake(tenant(), {}, async (fake) => {
      fake.inject({ match: GRAPH, kind: 'expired-token', times: 2 });
      const load = await loadLiveState(connectTo(fake));
      assert.deepEqual(statuses(fake, GRAPH), [401, 401]);
      assert.match(load.fallbackReason ?? '', /HTTP 401/);
      assert.ok(load.subscriptions.every((s) => s.source === 'resource-manager' && s.complete && s.resources.length === 40));
    });
  });

  test('a subscription that denies access is reported; the others still load', async () => {
    await withFake(tenant(), { denied: [SUB2] }, async (fake) => {
      const load = await loadLiveState(connectTo(fake));
      const [one, two] = load.subscriptions;
      assert.equal(one.resources.length, 40);
      assert.ok(one.complete);
      assert.equal(two.resources.length, 0);
      assert.equal(two.denied, true);
      assert.match(two.error ?? '', /access denied: HTTP 403 AuthorizationFailed/);
    });
  });

  test('a Resource Graph page that fails part-way keeps the pages before it, marked incomplete', async () => {
    await withFake(tenant(), { graphPageSize: 30 }, async (fake) => {
      fake.inject({ match: GRAPH, kind: 'server-error', status: 500, after: 1, times: 100 });
      const load = await loadLiveState(connectTo(fake));
      assert.equal(load.subscriptions.reduce((n, s) => n + s.resources.length, 0), 30);
      for (const s of load.subscriptions) {
        assert.equal(s.complete, false);
        assert.match(s.error ?? '', /part-way: HTTP 500/);
      }
    });
  });

  test('without Resource Graph, resources come from Resource Manager: list, then GET with the provider API version', async () => {
    const t: FakeTenant = {
      tenantId: TENANT_ID,
      subscriptions: [subscription(1)],
      resources: [resourceGroup(SUB1, 'rg', 'eastus'), cosmosAccount(SUB1, 'rg', 'db', ['eastus', 'East Asia']), ...bulkTenant(1, 20, 'eastus').resources],
    };
    await withFake(t, { withoutResourceGraph: true, listPageSize: 7 }, async (fake) => {
      const load = await loadLiveState(connectTo(fake));
      const [s] = load.subscriptions;
      assert.equal(s.source, 'resource-manager');
      assert.ok(s.complete, s.error);
      assert.equal(s.resources.length, t.resources.length);
      const cosmos = s.resources.find((r) => r.id.endsWith('/databaseAccounts/db'))!;
      assert.deepEqual((cosmos.properties as { locations: { locationName: string }[] }).locations.map((l) => l.locationName), ['eastus', 'East Asia']);
      const gets = fake.log.filter((r) => /\/providers\/Microsoft\.[^/]+\/[^/]+\/[^/?]+\?api-version=/.test(r.url));
      // Only the types some rule reads the properties of are read in full (virtual networks are not).
      const deep = typesWithPropertyReads();
      assert.ok(gets.some((r) => r.url.includes('databaseAccounts')), 'the Cosmos DB accounts are read in full');
      assert.ok(gets.every((r) => deep.has(/\/providers\/([^?]+)\/[^/?]+\?/.exec(r.url)![1].toLowerCase()) && r.url.endsWith('api-version=2023-05-01')), gets.map((g) => g.url).join('\n'));
      assertReadOnly(fake);
      const findings = evaluateLive(load, { policy: { profile: 'not-proscribed' }, rules: ENCRYPTION_OFF }).findings;
      assert.deepEqual(findings.map((f) => [f.ruleId, f.logicalLocation]), [['region-proscribed', cosmos.id]]);
    });
  });

  test('a resource list that fails part-way keeps what was read, marked incomplete', async () => {
    await withFake(tenant(), { withoutResourceGraph: true, listPageSize: 10 }, async (fake) => {
      fake.inject({ match: /^GET \/subscriptions\/[^/]+\/resources\?.*skiptoken/i, kind: 'server-error', status: 500, times: 100 });
      const load = await loadLiveState(connectTo(fake), { subscriptionIds: [SUB1] });
      const [s] = load.subscriptions;
      assert.equal(s.complete, false);
      assert.match(s.error ?? '', /stopped part-way: HTTP 500/);
      assert.ok(s.resources.length > 10 && s.resources.length < 40);
    });
  });

  test('when the subscriptions cannot be listed, the load fails with the reason', async () => {
    await withFake(tenant(), {}, async (fake) => {
      fake.inject({ match: /^GET \/subscriptions\?/, kind: 'forbidden' });
      await assert.rejects(loadLiveState(connectTo(fake)), (e: unknown) => e instanceof LiveLoadError && /HTTP 403 AuthorizationFailed/.test(e.message));
    });
  });

  test('cancellation stops the load', async () => {
    await withFake(tenant(), {}, async (fake) => {
      const controller = new AbortController();
      fake.inject({ match: GRAPH, kind: 'hang' });
      const connection = connect(CLOUDS.AzureCloud, new LoopbackTestCredential(fake.tokenEndpoint), { ...QUICK, attemptTimeoutMs: 10_000, endpoint: fake.url, signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(loadLiveState(connection), (e: Error) => e.name === 'AbortError');
    });
  });

  test('access tokens are never sent over plain HTTP', async () => {
    await withFake(tenant(), {}, async (fake) => {
      const connection = connect(CLOUDS.AzureCloud, new LoopbackTestCredential(fake.tokenEndpoint), { ...QUICK, endpoint: fake.url.replace('https:', 'http:') });
      await assert.rejects(loadLiveState(connection), /HTTPS only/);
      assert.equal(fake.tokens.length, 0);
    });
  });
});
