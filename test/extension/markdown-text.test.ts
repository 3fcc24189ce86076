/**
 * Names and messages put into Markdown tooltips read as themselves: every character Markdown or VS Code's icon
 * syntax would act on is escaped, and nothing else changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownText } from '../../src/extension/markdown-text';

test('emphasis, code, links, HTML, tables, headings and icons are escaped; other text is left alone', () => {
  assert.equal(markdownText('st_data_01'), 'st\\_data\\_01');
  assert.equal(markdownText('*bold* `code` [x](https://example.com) <b> a|b #h $(error) back\\slash'), '\\*bold\\* \\`code\\` \\[x\\](https://example.com) \\<b\\> a\\|b \\#h \\$(error) back\\\\slash');
  assert.equal(markdownText("Microsoft.Storage/storageAccounts 'itardata' in 'eastasia' (Hong Kong)."), "Microsoft.Storage/storageAccounts 'itardata' in 'eastasia' (Hong Kong).");
});
