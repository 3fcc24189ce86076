/**
 * How the encryption rules read `data/cmk.json`: every condition is read, every SKU or kind prerequisite is
 * written as a gate, every entry is covered or its absence explained, and the ops judge possibility sets as the
 * rules document.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SourceText } from '../../src/engine/model/span';
import * as V from '../../src/engine/model/value';
import type { Value } from '../../src/engine/model/value';
import { policyInfo } from '../../src/engine/rules/policies';
import { RULES } from '../../src/engine/rules/registry';
import { KB_ENTRIES } from '../../src/engine/rules/encryption/catalog';
import { judgeValue, type Condition } from '../../src/engine/rules/encryption/conditions';
import { CMK_REQUIREMENTS, SETTING_REQUIREMENTS, UNREAD } from '../../src/engine/rules/encryption/requirements';
import { ENCRYPTION_RULES } from '../helpers/workspace';
import policyData from '../../data/policies.json';

describe('reading data/cmk.json', () => {
  test('every condition of the data is read', () => {
    assert.deepEqual(UNREAD, []);
  });

  test('every SKU- or kind-dependent entry has its prerequisite as a gate', () => {
    for (const e of KB_ENTRIES.filter((x) => x.cmk_support_class === 'sku-dependent' || x.cmk_support_class === 'kind-dependent')) {
      const req = CMK_REQUIREMENTS.find((r) => r.source === e.id && r.type === e.arm_type);
      assert.ok(req?.gate, `${e.id} ${e.arm_type} has no gate`);
    }
  });

  test('types without a customer-managed key are never asked for one', () => {
    for (const e of KB_ENTRIES.filter((x) => ['no', 'preview-only', 'key-store', 'is-cmk-object'].includes(x.cmk_support_class))) {
      assert.ok(!CMK_REQUIREMENTS.some((r) => r.type.toLowerCase() === e.arm_type.toLowerCase()), `${e.id} ${e.arm_type}`);
    }
  });

  test('every entry is covered by a requirement, except SignalR, which has nothing to require', () => {
    const covered = new Set([...CMK_REQUIREMENTS, ...SETTING_REQUIREMENTS].map((r) => r.source));
    assert.deepEqual(
      KB_ENTRIES.filter((e) => !covered.has(e.id)).map((e) => `${e.id} ${e.arm_type}`),
      ['KB35 Microsoft.SignalRService/signalR'],
    );
  });

  test('a deployment slot and its config child are held to what their site and its config child are', () => {
    const settings = (type: string) => SETTING_REQUIREMENTS.filter((r) => r.type === type).map(({ type: _type, ...rest }) => rest);
    assert.ok(settings('Microsoft.Web/sites').length > 0);
    assert.deepEqual(settings('Microsoft.Web/sites/slots'), settings('Microsoft.Web/sites'));
    assert.deepEqual(settings('Microsoft.Web/sites/slots/config'), settings('Microsoft.Web/sites/config'));
  });

  test('the encryption rules name existing, current Azure Policy built-ins and the types they cover', () => {
    const deprecated = new Set(policyData.policies.filter((p) => p.deprecated).map((p) => p.name_guid.toLowerCase()));
    for (const rule of RULES.filter((r) => ENCRYPTION_RULES.includes(r.meta.id))) {
      assert.ok(rule.meta.policies.length > 0, rule.meta.id);
      for (const id of rule.meta.policies) {
        assert.ok(policyInfo(id), `${rule.meta.id}: ${id}`);
        assert.ok(!deprecated.has(id.toLowerCase()), `${rule.meta.id}: ${id} is deprecated`);
      }
      assert.ok(rule.meta.resourceTypes.length > 0, rule.meta.id);
      assert.ok(rule.meta.examples?.bad.arm && rule.meta.examples.bad.bicep && rule.meta.examples.bad.terraform, `${rule.meta.id}: bad examples in every format`);
      assert.ok(rule.meta.examples.good.arm && rule.meta.examples.good.bicep && rule.meta.examples.good.terraform, `${rule.meta.id}: good examples in every format`);
    }
  });
});

describe('judging conditions over possibility sets', () => {
  const source = new SourceText('file:///x.json', 'x'.repeat(100));
  const at = (n: number) => source.span(n, n + 1);
  const lit = (value: V.Scalar, n: number) => V.scalar(value, at(n), 'json');
  const obj = (props: Record<string, Value>, n = 0) => V.object(Object.entries(props).map(([name, value]) => ({ name, nameSpan: at(n), value })), at(n));
  const verdict = (body: Value, c: Condition, api?: string) => {
    const o = judgeValue(body, c, api);
    return { failures: o.failures.map((f) => (f.kind === 'absent' ? 'absent' : V.toPlain(f.possibility))), holds: o.holds, unknown: o.unknown };
  };

  test('a value fails when some possibility fails; an unknown is never a failure', () => {
    const body = obj({ properties: obj({ tls: V.union(lit('TLS1_2', 1), lit('TLS1_0', 2), V.unknown('no default', at(3))) }) });
    assert.deepEqual(verdict(body, { path: 'properties.tls', op: 'in', value: ['TLS1_2'] }), { failures: ['TLS1_0'], holds: true, unknown: true });
  });

  test('absence reads as the op says, or as the requirement says the service defaults it', () => {
    const body = obj({ properties: obj({}) });
    assert.deepEqual(verdict(body, { path: 'properties.x', op: 'is_true' }).failures, ['absent']);
    assert.deepEqual(verdict(body, { path: 'properties.x', op: 'not_false' }).failures, []);
    assert.deepEqual(verdict(body, { path: 'properties.x', op: 'is_true', absent: 'compliant' }).failures, []);
    const fromApi: Condition = { path: 'properties.x', op: 'not_false', absent: { compliantFromApiVersion: '2019-04-01' } };
    assert.deepEqual(verdict(body, fromApi, '2018-02-01').failures, ['absent']);
    assert.deepEqual(verdict(body, fromApi, '2019-04-01-preview').failures, []);
    assert.deepEqual(verdict(body, fromApi), { failures: [], holds: false, unknown: true }, 'no API version stated (azurerm): the default is not known');
  });

  test('a null written for a setting reads as the setting left out, and the failure stays at the null', () => {
    const body = obj({ properties: obj({ x: lit(null, 7) }) });
    assert.deepEqual(verdict(body, { path: 'properties.x', op: 'is_true' }).failures, [null], 'purge protection off by default: fails at the null');
    assert.deepEqual(verdict(body, { path: 'properties.x', op: 'not_false' }).failures, []);
    assert.deepEqual(verdict(body, { path: 'properties.x', op: 'in_ci', value: ['ON'], absent: 'compliant' }).failures, [], 'a service default that passes');
    assert.deepEqual(verdict(body, { path: 'properties.x', op: 'not_true', absent: 'violation' }).failures, [null]);
    const fromApi: Condition = { path: 'properties.x', op: 'not_false', absent: { compliantFromApiVersion: '2019-04-01' } };
    assert.deepEqual(verdict(body, fromApi, '2018-02-01').failures, [null]);
    assert.deepEqual(verdict(body, fromApi, '2019-04-01').failures, []);
    const failure = judgeValue(body, { path: 'properties.x', op: 'is_true' }, undefined).failures[0];
    assert.ok(failure.kind === 'value' && failure.possibility.origin.start === 7, 'anchored at the literal, where a fix writes the value');
  });

  test('[*]: non_empty needs an element; _for_each passes when there is nothing to judge', () => {
    const none = obj({ properties: obj({ list: V.array([], at(4)) }) });
    assert.deepEqual(verdict(none, { path: 'properties.list[*].name', op: 'non_empty' }).failures, ['absent']);
    assert.deepEqual(verdict(none, { path: 'properties.list[*].name', op: 'non_empty_for_each' }).failures, []);
    assert.deepEqual(verdict(obj({ properties: obj({}) }), { path: 'properties.list[*].name', op: 'non_empty_for_each' }).failures, []);
    const some = obj({ properties: obj({ list: V.array([obj({ name: lit('a', 5) }), obj({})], at(4)) }) });
    assert.deepEqual(verdict(some, { path: 'properties.list[*].name', op: 'non_empty_for_each' }).failures, ['absent']);
  });

  test('case-insensitive comparisons, lists of values and resource-ID references', () => {
    const body = obj({ kind: lit('openai', 1), tls: lit('TLSv1,TLSv1.2', 2), id: lit('/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/clusters/c', 3) });
    assert.equal(verdict(body, { path: 'kind', op: 'equals_ci', value: 'OpenAI' }).failures.length, 0);
    assert.equal(verdict(body, { path: 'kind', op: 'not_in_ci', value: ['OPENAI'] }).failures.length, 1);
    assert.deepEqual(verdict(body, { path: 'tls', op: 'not_contains_any', value: ['TLSv1', 'TLSv1.1'] }).failures, ['TLSv1,TLSv1.2']);
    assert.equal(verdict(body, { path: 'id', op: 'references_type', value: 'Microsoft.OperationalInsights/clusters' }).failures.length, 0);
  });
});
