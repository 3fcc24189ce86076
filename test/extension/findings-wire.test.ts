/**
 * The engine worker sends each finding once and then its number, and a finding's fixes after it: what the extension
 * rebuilds is every finding of the analysis, in order, given its fixes when they arrive, while a finding the last
 * reply carried is neither copied again nor are its lazy fixes read again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, Fix } from '../../src/engine/model/finding';
import { SourceText } from '../../src/engine/model/span';
import { FindingsReceiver, FindingsSender } from '../../src/extension/findings-wire';

const source = new SourceText('file:///w/main.bicep', "param a string = 'eastasia'\nparam b string = 'chinanorth'\nparam c string = 'westus'\n");

/** A finding whose fixes are computed when first read, as the engine's are; `reads` counts the computations. */
function finding(line: number, reads: { n: number }): Finding {
  const span = source.span(source.lineStart(line) + 17, source.lineStart(line) + 27);
  let fixes: readonly Fix[] | undefined;
  return {
    ruleId: 'region-proscribed',
    severity: 'error',
    message: `line ${line}`,
    span,
    related: [],
    resources: [],
    get fixes() {
      if (!fixes) reads.n++;
      return (fixes ??= [{ title: `fix line ${line}`, edits: [{ span, newText: "'westus'" }] }]);
    },
  };
}

/** Across the worker's boundary, as `postMessage` copies it. */
const across = <T>(wire: T): T => structuredClone(wire);

/** A finding as a plain object, its fixes read: what the extension should end up holding. */
const plain = (fs: readonly Finding[]) => structuredClone(fs.map((f) => ({ ...f, fixes: f.fixes })));

test('each finding crosses once without its fixes, which follow; the extension rebuilds every analysis in order', () => {
  const reads = { n: 0 };
  const [a, b, c, d] = [0, 1, 2, 0].map((line) => finding(line, reads));
  const sender = new FindingsSender();
  const receiver = new FindingsReceiver();

  const first = across(sender.send([a, b, c]));
  assert.equal(first.added.length, 3);
  assert.equal(reads.n, 0, 'sending the findings reads no fixes');
  assert.ok(first.added.every((x) => !('fixes' in x.finding)));
  const held = receiver.receive(first);
  assert.deepEqual(held.map((f) => f.fixes), [[], [], []], 'no fixes until they arrive');
  receiver.receiveFixes(across(sender.fixes()));
  assert.equal(reads.n, 3);
  assert.deepEqual(held, plain([a, b, c]), 'the findings held are given their fixes');
  assert.deepEqual(sender.fixes(), [], 'fixes are sent once');

  const second = across(sender.send([a, d, c]));
  assert.deepEqual(
    second.added.map((x) => x.finding.message),
    ['line 0'],
    'only the new finding is sent',
  );
  const fixes = across(sender.fixes());
  const rebuilt = receiver.receive(second);
  receiver.receiveFixes(fixes);
  assert.deepEqual(rebuilt, plain([a, d, c]));
  assert.equal(rebuilt[1].fixes[0].title, 'fix line 0');
  assert.equal(reads.n, 4, "each finding's fixes were read once, when it first crossed");

  assert.deepEqual(receiver.receive(across(sender.send([]))), []);
  const again = receiver.receive(across(sender.send([c])));
  receiver.receiveFixes(across(sender.fixes()));
  assert.deepEqual(again, plain([c]), 'a finding sent before but not held any more crosses again');
});

test('fixes that arrive before their findings are kept for them; fixes that fail to compute leave the others', () => {
  const reads = { n: 0 };
  const [a, b] = [0, 1].map((line) => finding(line, reads));
  const broken: Finding = { ...a, message: 'broken', get fixes(): readonly Fix[] { throw new Error('no layout'); } };
  const sender = new FindingsSender();
  const receiver = new FindingsReceiver();
  const wire = across(sender.send([a, broken, b]));
  receiver.receiveFixes(across(sender.fixes()));
  const held = receiver.receive(wire);
  assert.deepEqual(held.map((f) => f.fixes.map((x) => x.title)), [['fix line 0'], [], ['fix line 1']]);
});

test('a sender that starts again sends everything under new numbers; a number never sent is an error', () => {
  const reads = { n: 0 };
  const [a, b] = [0, 1].map((line) => finding(line, reads));
  const receiver = new FindingsReceiver();
  receiver.receive(across(new FindingsSender().send([a, b])));
  const restarted = new FindingsSender();
  const again = across(restarted.send([b]));
  assert.equal(again.added.length, 1);
  const held = receiver.receive(again);
  receiver.receiveFixes(across(restarted.fixes()));
  assert.deepEqual(held, plain([b]));
  assert.throws(() => receiver.receive({ added: [], order: [123456] }), /never sent/);
});
