import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_REGIONS, findRegion, normalizeRegionName, pairedRegion, PROSCRIBED_COUNTRIES } from '../../src/engine/regions/catalog';
import { judgeRegion, nearestAllowedRegions, parseAllowedRegions } from '../../src/engine/regions/profiles';

describe('region catalog', () => {
  test('normalises as Azure does: lower case, spaces removed', () => {
    assert.equal(normalizeRegionName('East Asia'), 'eastasia');
    assert.equal(findRegion('East Asia')?.name, 'eastasia');
    assert.equal(findRegion('EASTASIA')?.name, 'eastasia');
    assert.equal(findRegion('USGov Virginia')?.name, 'usgovvirginia', "Cosmos DB's spelling");
    assert.equal(findRegion('Central US (Stage)')?.name, 'centralusstage', 'a display name that does not normalise to its name');
    assert.equal(findRegion('indiacentral')?.name, 'centralindia', 'an alias ARM returns');
    assert.equal(findRegion('atlantis'), undefined);
  });

  test('knows every cloud, with country, pair and status', () => {
    const clouds = new Set(ALL_REGIONS.map((r) => r.cloud));
    for (const c of ['AzureCloud', 'AzureUSGovernment', 'USSec', 'USNat', 'AzureChinaCloud']) assert.ok(clouds.has(c as never), c);
    const hk = findRegion('eastasia')!;
    assert.equal(hk.country, 'HK');
    assert.equal(pairedRegion(hk)?.name, 'southeastasia');
    assert.equal(findRegion('usgovvirginia')?.cloud, 'AzureUSGovernment');
    assert.equal(findRegion('global')?.regionType, 'logical');
  });

  test('the 126.1 set counts Hong Kong with China, and Russia', () => {
    for (const iso of ['CN', 'HK', 'RU', 'IR', 'KP']) assert.ok(PROSCRIBED_COUNTRIES.has(iso), iso);
    assert.ok(!PROSCRIBED_COUNTRIES.has('TW'));
    assert.ok(!PROSCRIBED_COUNTRIES.has('KH'), 'Cambodia was removed in 2025');
    const proscribed = ALL_REGIONS.filter((r) => r.proscribed).map((r) => r.name).sort();
    assert.deepEqual(proscribed, ['chinaeast', 'chinaeast2', 'chinaeast3', 'chinanorth', 'chinanorth2', 'chinanorth3', 'eastasia', 'eastasiastage']);
    assert.ok(findRegion('asiapacific')?.mayBeProscribed, 'a multi-country location covering Hong Kong');
  });
});

describe('profiles', () => {
  test('us-only allows US regions of every US cloud', () => {
    for (const r of ['eastus', 'westus3', 'usgovvirginia', 'usdodeast', 'usseceast', 'usnateast']) assert.equal(judgeRegion(r, { profile: 'us-only' }).kind, 'allowed', r);
    assert.equal(judgeRegion('westeurope', { profile: 'us-only' }).kind, 'not-allowed');
  });

  test('us-government allows only the government clouds', () => {
    assert.equal(judgeRegion('usgovtexas', { profile: 'us-government' }).kind, 'allowed');
    assert.equal(judgeRegion('usnatwest', { profile: 'us-government' }).kind, 'allowed');
    assert.equal(judgeRegion('eastus', { profile: 'us-government' }).kind, 'not-allowed');
  });

  test('proscribed regions are proscribed under every profile and allowed list', () => {
    for (const policy of [{ profile: 'us-only' as const }, { profile: 'not-proscribed' as const }, { profile: 'us-government' as const }, { profile: 'not-proscribed' as const, allowedRegions: ['eastasia'] }]) {
      assert.equal(judgeRegion('East Asia', policy).kind, 'proscribed');
      assert.equal(judgeRegion('chinanorth3', policy).kind, 'proscribed');
      assert.equal(judgeRegion('asiapacific', policy).kind, 'proscribed');
    }
    assert.equal(judgeRegion('westeurope', { profile: 'not-proscribed' }).kind, 'allowed');
  });

  test('unknown names and global', () => {
    assert.deepEqual(judgeRegion('eastuss', { profile: 'not-proscribed' }), { kind: 'unknown', name: 'eastuss' });
    assert.equal(judgeRegion('Global', { profile: 'us-only' }).kind, 'global');
  });

  test('an explicit list replaces the profile', () => {
    const policy = { profile: 'us-only' as const, allowedRegions: parseAllowedRegions(['West US 2']).regions };
    assert.equal(judgeRegion('westus2', policy).kind, 'allowed');
    assert.equal(judgeRegion('eastus', policy).kind, 'not-allowed');
    assert.deepEqual(parseAllowedRegions(['westus2', 'narnia']).unknown, ['narnia']);
  });

  test('the nearest allowed regions come first (by published datacenter coordinates)', () => {
    assert.match(nearestAllowedRegions('westeurope', { profile: 'us-only' }, 1)[0].name, /^eastus/);
    assert.match(nearestAllowedRegions('eastasia', { profile: 'us-only' }, 1)[0].name, /^westus/);
    assert.deepEqual(nearestAllowedRegions('eastus', { profile: 'us-government' }, 5).map((r) => r.cloud), Array(3).fill('AzureUSGovernment'));
  });
});

test("a pair the data annotates with its source is still that region (Jio India's)", () => {
  assert.equal(pairedRegion(findRegion('jioindiacentral')!)?.name, 'jioindiawest');
  assert.equal(pairedRegion(findRegion('jioindiawest')!)?.name, 'jioindiacentral');
});
