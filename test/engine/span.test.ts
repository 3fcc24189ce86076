import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceText } from '../../src/engine/model/span';

test('positions are exact with CRLF, lone CR and a byte-order mark', () => {
  const s = new SourceText('file:///x.json', '\ufeffab\r\ncd\ref\ngh');
  assert.equal(s.hadBom, true);
  assert.equal(s.text, 'ab\r\ncd\ref\ngh');
  const span = s.span(s.text.indexOf('e'), s.text.indexOf('e') + 1);
  assert.deepEqual([span.startLine, span.startCharacter, span.endLine, span.endCharacter], [2, 0, 2, 1]);
  assert.equal(s.lineText(0), 'ab');
  assert.equal(s.lineText(1), 'cd');
  assert.equal(s.lineCount, 4);
  assert.equal(s.offsetAt(3, 1), s.text.indexOf('h'));
});
