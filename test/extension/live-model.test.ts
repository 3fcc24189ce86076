import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readCloud } from '../../src/azure/account';
import { CLOUDS } from '../../src/azure/clouds';
import { evaluateLiveResources } from '../../src/azure/evaluate';
import { LoopbackTestCredential } from '../../src/azure/test-credential';
import type { AnalysisConfig } from '../../src/engine/workspace/workspace';
import { cloudResult, describeCounts, groupsOf, statusOf, type CloudResult } from '../../src/extension/live/model';
import { GEO_TO_HONG_KONG, IN_HONG_KONG, PUBLIC_SUB, publicTenant } from '../azure/fake-arm/scenario';
import type { FakeArmOptions } from '../azure/fake-arm/server';
import { subscription, type FakeTenant } from '../azure/fake-arm/tenant';
import { QUICK, withFake } from '../azure/helpers';

const NOT_PROSCRIBED: AnalysisConfig = { policy: { profile: 'not-proscribed' } };

/** The public scenario read from the fake ARM and checked, as the view gets it. */
async function scenario(tenant: FakeTenant = publicTenant(), options: FakeArmOptions = {}): Promise<CloudResult> {
  return withFake(tenant, options, async (fake) => {
    const reading = await readCloud({ cloud: CLOUDS.AzureCloud, credentialFor: (t) => new LoopbackTestCredential(fake.tokenEndpoint, t), endpoint: fake.url, connection: QUICK });
    const evaluation = evaluateLiveResources(
      reading.load.subscriptions.flatMap((s) => s.resources),
      NOT_PROSCRIBED,
    );
    return cloudResult(reading, (row) => evaluation.findingsOf(row.id));
  });
}

describe('the Azure Compliance view model', () => {
  test('each resource with its findings and status; subscription counts add up to the resources read', async () => {
    const result = await scenario();
    const [sub] = result.subscriptions;
    assert.equal(sub.subscription.id, PUBLIC_SUB.subscriptionId);
    assert.equal(sub.items.length, 500);
    const hk = sub.items.find((i) => i.id === IN_HONG_KONG.id)!;
    assert.equal(hk.status, 'violation');
    assert.ok(hk.findings.some((f) => f.ruleId === 'region-proscribed'));
    assert.equal(hk.type, 'Microsoft.Storage/storageAccounts', 'the type as templates write it, not Resource Graph’s lower case');
    assert.equal(hk.resourceGroup, 'rg-0');
    assert.equal(sub.items.find((i) => i.id === GEO_TO_HONG_KONG.id)!.status, 'violation');
    const byStatus = (s: string) => sub.items.filter((i) => i.status === s).length;
    assert.deepEqual(sub.counts, { violation: byStatus('violation'), warning: byStatus('warning'), compliant: byStatus('compliant') + byStatus('information') });
    assert.equal(sub.counts.violation + sub.counts.warning + sub.counts.compliant, 500);
    assert.equal(sub.status, 'violation');
    assert.deepEqual(result.counts, sub.counts);
    for (const i of sub.items) assert.equal(i.status, statusOf(i.findings));
  });

  test('grouped by resource group: the group heads its resources, counts its own standing with theirs', async () => {
    const [sub] = (await scenario()).subscriptions;
    const groups = groupsOf(sub.items, 'resourceGroup', false);
    assert.equal(groups.length, 10);
    const rg0 = groups.find((g) => g.key === 'rg-0')!;
    assert.equal(rg0.resource?.type, 'Microsoft.Resources/resourceGroups');
    assert.equal(rg0.status, 'violation');
    assert.equal(rg0.counts.violation + rg0.counts.warning + rg0.counts.compliant, rg0.items.length + 1);
    assert.equal(groups.reduce((n, g) => n + g.items.length + (g.resource ? 1 : 0), 0), 500);
    // Most severe first.
    assert.equal(rg0.items[0].status, 'violation');
  });

  test('grouped by region: Hong Kong and Singapore apart, resource groups among the resources of their region', async () => {
    const [sub] = (await scenario()).subscriptions;
    const groups = groupsOf(sub.items, 'region', false);
    assert.deepEqual(groups.map((g) => [g.label, g.key, g.items.length]), [
      ['East Asia', 'eastasia', 1],
      ['East US', 'eastus', 498],
      ['Southeast Asia', 'southeastasia', 1],
    ]);
    assert.ok(groups[1].items.some((i) => i.type === 'Microsoft.Resources/resourceGroups'));
    assert.equal(groups[0].status, 'violation');
  });

  test('violations only: the resources with a violation and the groups that hold one', async () => {
    const [sub] = (await scenario()).subscriptions;
    const violating = sub.items.filter((i) => i.status === 'violation');
    for (const grouping of ['resourceGroup', 'region'] as const) {
      const groups = groupsOf(sub.items, grouping, true);
      assert.ok(groups.every((g) => g.status === 'violation'));
      const shown = groups.flatMap((g) => g.items);
      assert.ok(shown.every((i) => i.status === 'violation'));
      assert.equal(shown.length + groups.filter((g) => g.resource?.status === 'violation').length, violating.length);
      // Counts stay those of the whole group.
      assert.ok(groups.every((g) => g.counts.violation + g.counts.warning + g.counts.compliant >= g.items.length));
    }
  });

  test('a subscription that denies access is unread and marked denied; the others are read', async () => {
    const tenant = publicTenant();
    const denied = subscription(9, 'Denied');
    const result = await scenario({ ...tenant, subscriptions: [...tenant.subscriptions, denied] }, { denied: [denied.subscriptionId] });
    const bad = result.subscriptions.find((s) => s.subscription.id === denied.subscriptionId)!;
    assert.equal(bad.unread, true);
    assert.equal(bad.denied, true);
    assert.match(bad.error ?? '', /access denied/);
    assert.equal(bad.status, 'compliant');
    assert.equal(result.subscriptions.find((s) => s.subscription.id === PUBLIC_SUB.subscriptionId)!.items.length, 500);
  });

  test('counts in words, leaving out no violation and no warning', () => {
    assert.equal(describeCounts({ violation: 1, warning: 2, compliant: 497 }), '1 violation · 2 warnings · 497 compliant');
    assert.equal(describeCounts({ violation: 2, warning: 0, compliant: 47 }), '2 violations · 47 compliant');
    assert.equal(describeCounts({ violation: 0, warning: 1, compliant: 0 }), '1 warning · 0 compliant');
    assert.equal(describeCounts({ violation: 0, warning: 0, compliant: 500 }), '500 compliant');
  });
});
