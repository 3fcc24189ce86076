import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lex } from '../../src/engine/formats/bicep/lexer';

function kinds(text: string): string[] {
  return lex(text).tokens.map((t) => (t.kind === 'identifier' || t.kind === 'integer' || t.kind.startsWith('string') ? `${t.kind}:${t.value}` : t.kind));
}

describe('Bicep lexer', () => {
  test('newlines are tokens; a run of line breaks is one; comments and pragmas are trivia', () => {
    assert.deepEqual(kinds("param a string // note\r\n\r\n#disable-next-line BCP081\n/* block\n comment */var b = 1"), [
      'identifier:param', 'identifier:a', 'identifier:string', 'newline', 'newline', 'identifier:var', 'identifier:b', '=', 'integer:1', 'eof',
    ]);
  });

  test('multi-character operators', () => {
    assert.deepEqual(kinds('a ?? b || c && d == e != f =~ g !~ h <= i >= j :: k => l ...m'), [
      'identifier:a', '??', 'identifier:b', '||', 'identifier:c', '&&', 'identifier:d', '==', 'identifier:e', '!=', 'identifier:f', '=~', 'identifier:g',
      '!~', 'identifier:h', '<=', 'identifier:i', '>=', 'identifier:j', '::', 'identifier:k', '=>', 'identifier:l', '...', 'identifier:m', 'eof',
    ]);
    assert.deepEqual(kinds('a.?b[?^1]!'), ['identifier:a', '.', '?', 'identifier:b', '[', '?', '^', 'integer:1', ']', '!', 'eof']);
  });

  test('only true, false and null are reserved', () => {
    assert.deepEqual(kinds('true false null resource if'), ['true', 'false', 'null', 'identifier:resource', 'identifier:if', 'eof']);
  });

  test('escapes in single-line strings', () => {
    const [t] = lex("'a\\'b\\\\c\\n\\r\\t\\$\\${x}\\u{1F600}'").tokens;
    assert.equal(t.kind, 'string');
    assert.equal(t.value, "a'b\\c\n\r\t$${x}\u{1F600}");
  });

  test('interpolation: pieces around holes; a } inside a hole closes an object, not the hole', () => {
    assert.deepEqual(kinds("'a${b}c${d({}).e}f'"), [
      'string-left:a', 'identifier:b', 'string-middle:c', 'identifier:d', '(', '{', '}', ')', '.', 'identifier:e', 'string-right:f', 'eof',
    ]);
  });

  test("multi-line strings: raw text, the first line break dropped, ended by ''' (extra quotes belong to the text)", () => {
    const [t] = lex("'''\nline 1\n  it's ${raw} \\n\n''''").tokens;
    assert.equal(t.kind, 'string');
    assert.equal(t.value, "line 1\n  it's ${raw} \\n\n'");
    assert.equal(t.multiline, true);
  });

  test("interpolated multi-line strings: $''' holes start with ${, $$''' holes with $${", () => {
    assert.deepEqual(kinds("$'''a${b}c'''"), ['string-left:a', 'identifier:b', 'string-right:c', 'eof']);
    assert.deepEqual(kinds("$$'''a${b}$${c}d'''"), ['string-left:a${b}', 'identifier:c', 'string-right:d', 'eof']);
  });

  test('an unterminated string ends at its line, so the next line is read', () => {
    const r = lex("var a = 'open\nvar b = 1");
    assert.deepEqual(r.tokens.map((t) => t.kind), ['identifier', 'identifier', '=', 'string', 'newline', 'identifier', 'identifier', '=', 'integer', 'eof']);
    assert.match(r.problems[0].message, /unterminated string/);
  });

  test('a line break inside a hole closes the string with an empty piece', () => {
    const r = lex("var a = 'x${y\nvar b = 1");
    assert.deepEqual(r.tokens.slice(3, 7).map((t) => t.kind), ['string-left', 'identifier', 'string-right', 'newline']);
    assert.equal(r.problems.length, 1);
  });

  test('unrecognized characters: double quotes, lone &, stray $, # after code', () => {
    const r = lex('var a = "x" & $ #y');
    assert.deepEqual(r.problems.map((p) => p.message), [
      'strings use single quotes in Bicep',
      'strings use single quotes in Bicep',
      "unexpected '&': the logical and is '&&'",
      "unexpected '$': only a multi-line string ($''' … ''') starts with it",
      "unexpected character '#'",
    ]);
  });

  test('unknown escapes and unterminated comments and multi-line strings are reported', () => {
    assert.match(lex("'\\q'").problems[0].message, /unknown escape/);
    assert.match(lex('/* open').problems[0].message, /unterminated multi-line comment/);
    assert.match(lex("'''open").problems[0].message, /unterminated multi-line string/);
  });

  test('offsets are exact', () => {
    const text = "param loc string = 'eastus'";
    const t = lex(text).tokens[4];
    assert.equal(text.slice(t.start, t.end), "'eastus'");
  });
});
