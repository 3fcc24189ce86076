/**
 * Runs the engine on fixture files, the way the CLI does but in-process.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADAPTERS } from '../../src/engine/formats';
import type { Finding } from '../../src/engine/model/finding';
import { DEFAULT_POLICY, type RegionPolicy } from '../../src/engine/regions/profiles';
import { Workspace, type AnalysisResult } from '../../src/engine/workspace/workspace';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

type Levels = Record<string, 'error' | 'warning' | 'information' | 'off'>;

/** The rules of the encryption pillar, which tests about other behaviour (regions, the CLI, live) turn off. */
export const ENCRYPTION_RULES: readonly string[] = ['cmk-missing', 'key-not-hsm', 'key-vault-protection', 'infrastructure-encryption', 'tls-version', 'https-only'];
export const ENCRYPTION_OFF: Levels = Object.fromEntries(ENCRYPTION_RULES.map((id) => [id, 'off' as const]));

/** Every file below a folder. */
export function filesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesIn(full));
    else out.push(full);
  }
  return out;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}

/** Resolves once every adapter can parse (the Terraform grammar is WebAssembly, loaded asynchronously). */
export function adaptersReady(): Promise<void> {
  return new Workspace(ADAPTERS).ready();
}

/** Analyses every file of a folder (or the given files). Call {@link adaptersReady} once before. */
export function analyzeFiles(files: readonly string[], policy: RegionPolicy = DEFAULT_POLICY, rules: Levels = {}): AnalysisResult {
  return analyzeSources(new Map(files.map((f) => [uriOf(f), readFileSync(f, 'utf8')])), policy, rules);
}

/** Analyses texts by URI. */
export function analyzeSources(texts: ReadonlyMap<string, string>, policy: RegionPolicy = DEFAULT_POLICY, rules: Levels = {}): AnalysisResult {
  const ws = new Workspace(ADAPTERS);
  for (const [uri, text] of texts) ws.setText(uri, text);
  return ws.analyze({ policy, rules });
}

export function analyzeDir(dir: string, policy?: RegionPolicy, rules?: Levels): AnalysisResult {
  return analyzeFiles(filesIn(dir), policy, rules);
}

/** A workspace of in-memory documents, set by a file name (placed in a virtual folder), for tests that edit them. */
export function virtualWorkspace(texts: Record<string, string> = {}): { ws: Workspace; uri: (name: string) => string; set: (name: string, text: string) => void } {
  const ws = new Workspace(ADAPTERS);
  const uri = (name: string) => `file:///virtual/${name}`;
  const set = (name: string, text: string) => ws.setText(uri(name), text);
  for (const [name, text] of Object.entries(texts)) set(name, text);
  return { ws, uri, set };
}

/** Analyses in-memory documents keyed by a file name (placed in a virtual folder). */
export function analyzeTexts(texts: Record<string, string>, policy: RegionPolicy = DEFAULT_POLICY, rules: Levels = {}): AnalysisResult & { uri: (name: string) => string } {
  const { ws, uri } = virtualWorkspace(texts);
  return { ...ws.analyze({ policy, rules }), uri };
}

/** The source text a finding is anchored at. */
export function anchorText(result: AnalysisResult, f: Finding): string {
  const doc = result.documents.find((d) => d.uri === f.span.uri);
  const text = doc ? doc.source.slice(f.span) : readFileSync(new URL(f.span.uri), 'utf8').replace(/^\ufeff/, '').slice(f.span.start, f.span.end);
  return text;
}

export function unquote(s: string): string {
  return /^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s;
}

export function byRule(result: AnalysisResult, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** Fixture files some format adapter reads (expectation and configuration files left out). */
export function fixtureSources(): string[] {
  return filesIn(FIXTURES).filter((f) => ADAPTERS.some((a) => a.accepts(f)) && !/(^|[\\/])(expected|itar-guard)\.json$/.test(f));
}

/** The fixture folders that hold sources directly: each is analysed as one workspace. */
export function fixtureFolders(): string[] {
  return [...new Set(fixtureSources().map((f) => path.dirname(f)))].sort();
}

/** The sources of one analysis: the folder's own files and those of sub-folders that are not analyses themselves. */
export function folderSources(folder: string): string[] {
  const folders = new Set(fixtureFolders());
  return fixtureSources().filter((f) => f.startsWith(folder + path.sep) && (path.dirname(f) === folder || !folders.has(path.dirname(f))));
}
