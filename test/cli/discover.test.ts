/**
 * The folder walk follows symbolic links once: a folder reached again through a link (a loop, or a link to a folder
 * walked already) is not walked again, a linked folder elsewhere is walked, and a root given through a link is
 * known by where it leads. Folders reached without a link take their real path from their parent's.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { discover } from '../../src/cli/discover';

const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'itar-guard-discover-')));
after(() => rmSync(tmp, { recursive: true, force: true }));

function tree(files: readonly string[], links: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(path.join(tmp, 't-'));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), '{}');
  }
  for (const [link, target] of Object.entries(links)) symlinkSync(target, path.join(root, link));
  return root;
}

const walk = (roots: readonly string[], base: string) => discover(roots, { accepts: (f) => f.endsWith('.json'), exclude: [], base });
const relative = (base: string, files: readonly string[]) => files.map((f) => path.relative(base, f));

test('a loop back to a folder walked already ends, and every file is found once', async () => {
  const root = tree(['a.json', 'x/b.json', 'x/y/c.json'], { 'x/y/up': '../..', 'x/again': 'y' });
  const found = await walk([root], root);
  assert.deepEqual(relative(root, found.files), ['a.json', 'x/b.json', 'x/y/c.json']);
  assert.deepEqual(found.skipped, []);
});

test('a linked folder outside the root is walked once, under the link that sorts first, however quickly each is answered', async () => {
  const outside = tree(['shared/m.json'], {});
  const root = tree(['main.json'], { one: path.join(outside, 'shared'), two: path.join(outside, 'shared') });
  const found = await walk([root], root);
  assert.deepEqual(relative(root, found.files), ['main.json', 'one/m.json']);
});

test('a folder reached through a link nearer the root than its own path is walked under its own path', async () => {
  const root = tree(['a/b/c/deep.json'], { short: 'a/b', 'a/b/c/back': '..' });
  for (let i = 0; i < 5; i++) assert.deepEqual(relative(root, (await walk([root], root)).files), ['a/b/c/deep.json']);
});

test('a root given through a link is one folder with the same folder given directly', async () => {
  const real = tree(['p/q.json'], {});
  const root = tree([], { alias: real });
  const found = await walk([path.join(root, 'alias'), real], root);
  assert.deepEqual(relative(root, found.files), ['alias/p/q.json']);
});
