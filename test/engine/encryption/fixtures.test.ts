import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { adaptersReady, ENCRYPTION_RULES } from '../../helpers/workspace';
import { analyze, describeExpected, describeFinding, fixtureCases, readFixture } from './harness';

before(() => adaptersReady());

for (const c of fixtureCases()) {
  test(`encryption fixture ${c.name}`, () => {
    const files = readFixture(c);
    const result = analyze(files);
    const syntax = result.findings.filter((f) => f.ruleId === 'syntax-error');
    assert.deepEqual(syntax.map((f) => f.message), [], 'the fixture parses');
    const actual = result.findings.filter((f) => ENCRYPTION_RULES.includes(f.ruleId)).map((f) => describeFinding(f, result, files)).sort();
    const expected = c.expected.map((e) => describeExpected(e, c.format)).sort();
    assert.deepEqual(actual, expected);
  });
}
