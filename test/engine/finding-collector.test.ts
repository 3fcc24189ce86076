/**
 * The collector makes a finding of a draft once and gives the same finding again while what it was made under
 * stands: the rule's level and the suppression comments of the draft's file.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleLevel } from '../../src/engine/model/finding';
import { SourceText } from '../../src/engine/model/span';
import type { FindingDraft } from '../../src/engine/rules/rule';
import { FindingCollector, levels } from '../../src/engine/workspace/findings';
import { readSuppressions } from '../../src/engine/workspace/suppressions';

const COMMENT = '// itar-guard-ignore region-proscribed: approved by the export office\n';
const source = new SourceText('file:///c/main.bicep', `${COMMENT}param a string = 'eastasia'\n`);
const draft: FindingDraft = { span: source.span(COMMENT.length + 17, COMMENT.length + 27), message: 'deploys to Hong Kong' };
/** The file's comments before the one above was written. */
const uncommented = readSuppressions(new SourceText(source.uri, source.text.replace(COMMENT, '\n')));

function collect(comments: ReturnType<typeof readSuppressions>, rules?: Record<string, RuleLevel>) {
  const collector = new FindingCollector(levels(rules));
  collector.add('region-proscribed', draft);
  return collector.finish(() => comments);
}

test('the same draft gives the same finding while its level and its comments stand', () => {
  const first = collect(uncommented);
  assert.equal(collect(uncommented)[0], first[0]);
  assert.equal(first[0].severity, 'error');
});

test('a finding made again takes the comments its file has now', () => {
  assert.equal(collect(uncommented)[0].suppression, undefined);
  assert.equal(collect(readSuppressions(source))[0].suppression?.justification, 'approved by the export office');
});

test('a finding made again takes the level configured now', () => {
  assert.equal(collect(uncommented)[0].severity, 'error');
  assert.equal(collect(uncommented, { 'region-proscribed': 'warning' })[0].severity, 'warning');
});

test('fixes are computed once, and then kept in place of the function that computed them (which holds its rule run)', () => {
  let computed = 0;
  const fix = { title: "Replace 'eastasia' with 'eastus'", edits: [] };
  const lazy: FindingDraft = { ...draft, fixes: () => (computed++, [fix]) };
  const made = (rules?: Record<string, RuleLevel>) => {
    const collector = new FindingCollector(levels(rules));
    collector.add('region-proscribed', lazy);
    return collector.finish(() => uncommented)[0];
  };
  const finding = made();
  assert.equal(computed, 0, 'not computed before they are read');
  assert.deepEqual(finding.fixes, [fix]);
  assert.deepEqual(lazy.fixes, [fix], 'the draft keeps the fixes, not the function');
  // Made again under another level, the finding gives the fixes already computed.
  assert.deepEqual(made({ 'region-proscribed': 'warning' }).fixes, [fix]);
  assert.equal(computed, 1);
});
