import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Finding } from '../../../src/engine/model/finding';
import type { AnalysisResult } from '../../../src/engine/workspace/workspace';
import { applyEdits } from '../../helpers/edits';
import { adaptersReady, ENCRYPTION_RULES } from '../../helpers/workspace';
import { analyze, fixtureCases, names, readFixture } from './harness';

/**
 * What identifies a finding across an edit that moves text: its rule, the names of its resources (keys of
 * resources deployed through nested deployments hold offsets) and its message.
 */
function identity(result: AnalysisResult, f: Finding): string {
  const own = result.resources.filter((r) => f.resources.includes(r.key)).flatMap(names);
  return `${f.ruleId} | ${[...new Set(own)].sort().join(', ')} | ${f.message}`;
}

function counts(result: AnalysisResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of result.findings) m.set(identity(result, f), (m.get(identity(result, f)) ?? 0) + 1);
  return m;
}

before(() => adaptersReady());

/** The fixes that replace a written value, by finding: those Terraform's JSON syntax offers as native syntax does. */
function replacements(result: AnalysisResult): string[] {
  return result.findings.flatMap((f) => f.fixes.filter((x) => x.title.startsWith('Replace ')).map((x) => `${identity(result, f)} — ${x.title}`)).sort();
}

for (const c of fixtureCases()) {
  test(`every encryption fix applies cleanly: ${c.name}`, () => {
    const files = readFixture(c);
    const before = analyze(files);
    if (c.jsonSyntax) assert.deepEqual(replacements(before), replacements(analyze(readFixture({ ...c, jsonSyntax: undefined }))), 'the same replacements as native syntax');
    const beforeCounts = counts(before);
    for (const finding of before.findings.filter((f) => ENCRYPTION_RULES.includes(f.ruleId))) {
      for (const fix of finding.fixes) {
        const label = `${identity(before, finding)} — ${fix.title}`;
        const changed = new Map(files);
        for (const uri of new Set(fix.edits.map((e) => e.span.uri))) {
          changed.set(uri, applyEdits(files.get(uri)!, fix.edits.filter((e) => e.span.uri === uri)));
        }
        const after = analyze(changed);
        assert.deepEqual(after.findings.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message), [], `${label}: the file still parses`);
        const afterCounts = counts(after);
        const id = identity(before, finding);
        assert.equal(afterCounts.get(id) ?? 0, (beforeCounts.get(id) ?? 0) - 1, `${label}: the finding is gone`);
        for (const key of new Set([...beforeCounts.keys(), ...afterCounts.keys()])) {
          if (key === id) continue;
          assert.equal(afterCounts.get(key) ?? 0, beforeCounts.get(key) ?? 0, `${label}: nothing else changed (${key})`);
        }
      }
    }
  });
}
