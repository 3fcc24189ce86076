import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { configSchema } from '../../src/engine/config';
import { PROFILE_NAMES } from '../../src/engine/regions/profiles';
import { filesIn } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const extensionSource = filesIn(path.join(ROOT, 'src', 'extension'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

test('the commands the extension registers are exactly those the manifest declares', () => {
  const registered = [...extensionSource.matchAll(/\bc\('(itarGuard\.[\w.]+)'/g)].map((m) => m[1]).sort();
  const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(registered, declared);
  const referenced = Object.values(contributes.menus as Record<string, { command: string }[]>).flatMap((list) => list.map((m) => m.command));
  for (const id of referenced) assert.ok(declared.includes(id), `menu entry for undeclared command ${id}`);
});

test('the files the manifest points at exist and are packaged', () => {
  const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
  const packaged = (file: string) => ['syntaxes/', 'media/', 'schemas/'].some((dir) => file.startsWith(dir) && ignore.includes(`!${dir}**`));
  const files = [
    ...contributes.grammars.map((g: { path: string }) => g.path),
    ...contributes.languages.flatMap((l: { configuration?: string }) => (l.configuration ? [l.configuration] : [])),
    ...contributes.jsonValidation.map((j: { url: string }) => j.url),
    ...contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon),
  ].map((f: string) => f.replace(/^\.\//, ''));
  for (const f of files) {
    assert.ok(existsSync(path.join(ROOT, f)), `${f} exists`);
    assert.ok(packaged(f), `${f} is in the .vsix allow-list`);
  }
  assert.match(ignore, /^!dist\/extension\.js$/m);
  assert.match(ignore, /^!dist\/engine-worker\.js$/m);
  assert.equal(manifest.main, './dist/extension.js');
});

test('settings mirror the configuration file: profiles and rule levels', () => {
  const props = contributes.configuration.properties;
  assert.deepEqual(props['itarGuard.profile'].enum, [...PROFILE_NAMES]);
  const schema = configSchema() as { properties: { rules: { properties: Record<string, { enum: string[] }> } } };
  const enums = Object.values(schema.properties.rules.properties).map((p) => p.enum);
  const levels = enums.reduce((a, b) => (b.length > a.length ? b : a));
  assert.deepEqual(props['itarGuard.rules'].additionalProperties.enum, levels, 'a setting may name every level some rule takes');
  assert.ok(enums.every((e) => e.every((l) => levels.includes(l))));
  assert.deepEqual(props['itarGuard.run'].enum, ['onType', 'onSave']);
});

test('activation: workspaces and editors with infrastructure code, for every language the manifest contributes', () => {
  const events: string[] = manifest.activationEvents;
  for (const lang of contributes.languages.map((l: { id: string }) => l.id)) assert.ok(events.includes(`onLanguage:${lang}`), lang);
  for (const ext of ['bicep', 'bicepparam', 'tf', 'tofu', 'tfvars']) assert.ok(events.includes(`workspaceContains:**/*.${ext}`), ext);
  assert.ok(!events.includes('*'));
  // The start-up search lists the same file names.
  const candidates = [.../const EXTENSIONS = \[([^\]]+)\]/.exec(extensionSource)![1].matchAll(/'(\w+)'/g)].map((m) => m[1]);
  for (const e of events.flatMap((x) => /^workspaceContains:\*\*\/.*\.(\w+)$/.exec(x)?.[1] ?? [])) assert.ok(candidates.includes(e), `.${e} files are searched at start-up`);
});
