/**
 * The engine worker sends each finding once and then its number: what the extension rebuilds is every finding of the
 * analysis, in order, fixes included, while a finding the last reply carried is neither copied again nor are its
 * lazy fixes read again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, Fix } from '../../src/engine/model/finding';
import { SourceText } from '../../src/engine/model/span';
import { FindingsReceiver, FindingsSender, type WireFindings } from '../../src/extension/findings-wire';

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
const across = (wire: WireFindings): WireFindings => structuredClone(wire);

test('each finding crosses once; the extension rebuilds every analysis in order, with its fixes', () => {
  const reads = { n: 0 };
  const [a, b, c, d] = [0, 1, 2, 0].map((line) => finding(line, reads));
  const sender = new FindingsSender();
  const receiver = new FindingsReceiver();

  const first = across(sender.send([a, b, c]));
  assert.equal(first.added.length, 3);
  assert.deepEqual(receiver.receive(first), structuredClone([a, b, c]));

  const second = across(sender.send([a, d, c]));
  assert.deepEqual(
    second.added.map((x) => x.finding.message),
    ['line 0'],
    'only the new finding is sent',
  );
  const rebuilt = receiver.receive(second);
  assert.deepEqual(rebuilt, structuredClone([a, d, c]));
  assert.equal(rebuilt[1].fixes[0].title, 'fix line 0');
  assert.equal(reads.n, 4, "each finding's fixes were read once, when it first crossed");

  assert.deepEqual(receiver.receive(across(sender.send([]))), []);
  assert.deepEqual(receiver.receive(across(sender.send([c]))), structuredClone([c]), 'a finding sent before but not held any more crosses again');
});

test('a sender that starts again sends everything under new numbers; a number never sent is an error', () => {
  const reads = { n: 0 };
  const [a, b] = [0, 1].map((line) => finding(line, reads));
  const receiver = new FindingsReceiver();
  receiver.receive(across(new FindingsSender().send([a, b])));
  const again = across(new FindingsSender().send([b]));
  assert.equal(again.added.length, 1);
  assert.deepEqual(receiver.receive(again), structuredClone([b]));
  assert.throws(() => receiver.receive({ added: [], order: [123456] }), /never sent/);
});
