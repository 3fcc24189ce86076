import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TEST_TOKEN_ENDPOINT_VARIABLE } from '../../src/azure/test-credential';
import { main } from '../../src/cli/main';
import { CMK_IN_PURGEABLE_VAULT, CMK_IN_STANDARD_VAULT, GEO_TO_HONG_KONG, governmentTenant, HSM_VAULT, IN_HONG_KONG, PUBLIC_SUB, publicTenant, PURGEABLE_VAULT, STANDARD_VAULT, WITH_CMK, WITHOUT_CMK } from '../azure/fake-arm/scenario';
import type { FakeArm } from '../azure/fake-arm/server';
import { withFake } from '../azure/helpers';
import { FIXTURES } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '../..');
/** The fake tenants hold region cases; their resources have no encryption settings, which are not the subject here. */
const ENCRYPTION_OFF = path.join(FIXTURES, 'cli', 'encryption-off', 'itar-guard.json');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stand-in for the Azure CLI, which DefaultAzureCredential asks for a token. */
const FAKE_AZ = path.join(__dirname, 'fake-az');

/**
 * Runs the real CLI in a process of its own, signing in through the fake's token endpoint (with `signIn` 'az', through
 * DefaultAzureCredential and the Azure CLI, and only that); every rule on with `config` null.
 */
function cli(fake: FakeArm, args: string[], config: string | null = ENCRYPTION_OFF, signIn: 'test' | 'az' = 'test'): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (signIn === 'test') env[TEST_TOKEN_ENDPOINT_VARIABLE] = fake.tokenEndpoint;
  else Object.assign(env, { FAKE_AZ_TOKEN_ENDPOINT: fake.tokenEndpoint, AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', PATH: `${FAKE_AZ}${path.delimiter}${process.env.PATH}` });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/bin.ts'), 'live', '--arm-endpoint', fake.url, ...(config ? ['--config', config] : []), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function assertNoToken(fake: FakeArm, run: Run): void {
  assert.ok(fake.tokens.length > 0);
  for (const t of fake.tokens) {
    assert.ok(!run.stdout.includes(t) && !run.stderr.includes(t), 'a token was written out');
    assert.ok(!run.stdout.includes(t.split('.')[1]) && !run.stderr.includes(t.split('.')[1]), 'a token part was written out');
  }
}

describe('itar-guard live', () => {
  test('Azure public, not-proscribed: the Hong Kong resource and the geo-redundant copy in Hong Kong, as SARIF logical locations', async () => {
    await withFake(publicTenant(), { cloud: 'AzureCloud' }, async (fake) => {
      const run = await cli(fake, ['--profile', 'not-proscribed', '--format', 'sarif']);
      assert.equal(run.code, 1, run.stderr);
      const sarif = JSON.parse(run.stdout);
      const results = sarif.runs[0].results as { ruleId: string; level: string; message: { text: string }; locations: { logicalLocations?: { fullyQualifiedName: string; kind: string }[]; physicalLocation?: unknown }[] }[];
      assert.deepEqual(
        results.map((r) => [r.ruleId, r.locations[0].logicalLocations?.[0].fullyQualifiedName]).sort(),
        [
          ['region-proscribed', GEO_TO_HONG_KONG.id],
          ['region-proscribed', IN_HONG_KONG.id],
        ].sort(),
      );
      for (const r of results) {
        assert.equal(r.locations[0].physicalLocation, undefined);
        assert.equal(r.locations[0].logicalLocations![0].kind, 'resource');
      }
      assert.match(results.find((r) => r.locations[0].logicalLocations![0].fullyQualifiedName === GEO_TO_HONG_KONG.id)!.message.text, /geo-redundant copy in 'eastasia'.*Standard_RAGRS/);
      assert.deepEqual(sarif.runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
      assert.match(run.stderr, /checked 500 resources in 1 of 1 subscriptions \(AzureCloud\)/);
      // The endpoint's metadata names the audience (the fake publishes the public cloud's).
      assert.deepEqual(fake.tokenScopes, ['https://management.core.windows.net//.default']);
      assertNoToken(fake, run);
    });
  });

  test('Azure public, us-only: Singapore is not allowed either', async () => {
    await withFake(publicTenant(), { cloud: 'AzureCloud' }, async (fake) => {
      const run = await cli(fake, ['--format', 'json', '--subscription', PUBLIC_SUB.subscriptionId]);
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout);
      const found = (report.findings as { ruleId: string; resourceId: string }[]).map((f) => `${f.ruleId} ${f.resourceId.split('/').pop()}`).sort();
      assert.deepEqual(found, ['region-not-allowed stsingapore', 'region-proscribed sthongkong', 'region-proscribed stsingapore']);
      assert.deepEqual(report.live.subscriptions, [{ id: PUBLIC_SUB.subscriptionId, displayName: PUBLIC_SUB.displayName, resources: 500, source: 'resource-graph', complete: true }]);
    });
  });

  test('customer-managed keys: present and absent, and the deployed vaults that hold them name the data they protect', async () => {
    await withFake(publicTenant(), { cloud: 'AzureCloud' }, async (fake) => {
      const run = await cli(fake, ['--profile', 'not-proscribed', '--format', 'json'], null);
      assert.equal(run.code, 1, run.stderr);
      const findings = (JSON.parse(run.stdout).findings as { ruleId: string; resourceId: string; message: string }[]).filter((f) => !f.ruleId.startsWith('region-') && f.ruleId !== 'infrastructure-encryption');
      const of = (r: { id: string }) => findings.filter((f) => f.resourceId === r.id).map((f) => [f.ruleId, f.message]);
      assert.deepEqual(of(WITHOUT_CMK), [['cmk-missing', "Microsoft.Storage/storageAccounts 'stnocmk': data at rest is not encrypted with a customer-managed key (needs properties.encryption.keySource = 'Microsoft.Keyvault', properties.encryption.keyvaultproperties.keyname, properties.encryption.keyvaultproperties.keyvaulturi)."]]);
      for (const r of [WITH_CMK, HSM_VAULT, CMK_IN_STANDARD_VAULT, CMK_IN_PURGEABLE_VAULT]) assert.deepEqual(of(r), [], r.name);
      assert.deepEqual(of(STANDARD_VAULT), [['key-not-hsm', "Microsoft.KeyVault/vaults 'kvstandard': keys are not held in a FIPS 140 validated HSM (properties.sku.name is 'standard'). It protects the data of Microsoft.Storage/storageAccounts 'stcmkstandard'."]]);
      assert.deepEqual(of(PURGEABLE_VAULT), [['key-vault-protection', "Microsoft.KeyVault/vaults 'kvpurgeable': keys can be purged or lost for good (properties.enablePurgeProtection is not set, so the service default applies). It protects the data of Microsoft.Storage/storageAccounts 'stcmkpurgeable'."]]);
    });
  });

  test('Azure US Government, us-government, signed in through DefaultAzureCredential (the Azure CLI): 500 resources, no finding', async () => {
    await withFake(governmentTenant(), { cloud: 'AzureUSGovernment' }, async (fake) => {
      const run = await cli(fake, ['--cloud', 'AzureUSGovernment', '--profile', 'us-government'], ENCRYPTION_OFF, 'az');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /0 errors, 0 warnings, 0 information/);
      assert.match(run.stderr, new RegExp(`checked 500 resources in 1 of 1 subscriptions \\(AzureUSGovernment\\)`));
      // The endpoint's metadata names the Government audience, and the token is asked for it.
      assert.deepEqual(fake.tokenScopes, ['https://management.core.usgovcloudapi.net//.default']);
      assertNoToken(fake, run);
    });
  });

  test('faults end to end: a denied subscription is reported, the others checked, no token written, even in verbose SDK logs', async () => {
    const tenant = publicTenant();
    const denied = { subscriptionId: '00000000-0000-4000-8000-0000000000dd', displayName: 'Denied', tenantId: tenant.tenantId, state: 'Enabled' };
    await withFake({ ...tenant, subscriptions: [...tenant.subscriptions, denied] }, { denied: [denied.subscriptionId] }, async (fake) => {
      fake.inject({ match: /^GET \/subscriptions\?/, kind: 'expired-token' }, { match: /resources\?/, kind: 'throttle', retryAfterSeconds: 0 });
      const run = await new Promise<Run>((resolve) => {
        process.env.AZURE_LOG_LEVEL = 'verbose';
        cli(fake, ['--format', 'sarif', '--fail-on', 'never']).then(resolve);
        delete process.env.AZURE_LOG_LEVEL;
      });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /subscription 'Denied' \(00000000-0000-4000-8000-0000000000dd\) was not checked: access denied: HTTP 403 AuthorizationFailed/);
      const sarif = JSON.parse(run.stdout);
      assert.equal(sarif.runs[0].invocations[0].executionSuccessful, false);
      assert.ok(sarif.runs[0].results.length >= 2);
      assertNoToken(fake, run);
    });
  });

  test('nothing readable: exit code 2 with the reason', async () => {
    await withFake(publicTenant(), {}, async (fake) => {
      fake.inject({ match: /^GET \/subscriptions\?/, kind: 'forbidden', times: 10 });
      const run = await cli(fake, []);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^itar-guard: the subscriptions could not be listed: HTTP 403 AuthorizationFailed/m);
      assertNoToken(fake, run);
    });
  });

  test('usage errors: unknown cloud, plain-HTTP endpoint, paths', async () => {
    const errors: string[] = [];
    const io = { cwd: ROOT, color: false, stdout: () => undefined, stderr: (t: string) => void errors.push(t) };
    assert.equal(await main(['live', '--cloud', 'AzureChinaCloud'], io), 2);
    assert.equal(await main(['live', '--arm-endpoint', 'http://127.0.0.1:1'], io), 2);
    assert.equal(await main(['live', 'some/path'], io), 2);
    assert.match(errors[0], /--cloud must be one of AzureCloud, AzureUSGovernment/);
    assert.match(errors[1], /https URL/);
    assert.match(errors[2], /takes no paths/);
  });
});
