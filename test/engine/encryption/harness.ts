/**
 * The encryption fixtures: `test/fixtures/encryption/<case>/<variant>/` holds one folder per format (`arm`,
 * `bicep`, `terraform`) and an `expected.json` that says, format-neutrally, which findings each format's files
 * must give: rule, resource name, where it is anchored (`declaration`, or the text of the value, quotes
 * dropped) and which other resources it names as protected (for vault and key findings). The Terraform files are
 * also read written in Terraform's JSON syntax, with the same expectations.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ADAPTERS } from '../../../src/engine/formats';
import type { Finding } from '../../../src/engine/model/finding';
import type { Resource } from '../../../src/engine/model/resource';
import { sameSpan } from '../../../src/engine/model/span';
import * as V from '../../../src/engine/model/value';
import { DEFAULT_POLICY } from '../../../src/engine/regions/profiles';
import { Workspace, type AnalysisResult } from '../../../src/engine/workspace/workspace';
import { jsonSyntaxFiles, unescapedAnchor } from '../../helpers/terraform-json';
import { filesIn, FIXTURES, unquote, uriOf } from '../../helpers/workspace';

export const FORMATS = ['arm', 'bicep', 'terraform'] as const;
export type FormatName = (typeof FORMATS)[number];

const ROOT = path.join(FIXTURES, 'encryption');

export interface ExpectedFinding {
  readonly rule: string;
  readonly resource: string | readonly string[];
  readonly at: string | Partial<Record<FormatName, string>>;
  readonly protects?: readonly string[];
  /** Only for these formats (a setting azurerm defaults safely, for instance). */
  readonly formats?: readonly FormatName[];
}

export interface FixtureCase {
  /** `<case>/<variant>/<format>`, or `…/terraform-json` for the Terraform files written in Terraform's JSON syntax */
  readonly name: string;
  readonly format: FormatName;
  readonly dir: string;
  readonly jsonSyntax?: true;
  readonly expected: readonly ExpectedFinding[];
}

export function fixtureCases(): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (const c of readdirSync(ROOT).sort()) {
    for (const variant of readdirSync(path.join(ROOT, c)).sort()) {
      const base = path.join(ROOT, c, variant);
      if (!statSync(base).isDirectory()) continue;
      const expected = (JSON.parse(readFileSync(path.join(base, 'expected.json'), 'utf8')) as { findings: ExpectedFinding[] }).findings;
      for (const format of FORMATS) {
        const dir = path.join(base, format);
        if (!existsSync(dir)) continue;
        const own = expected.filter((e) => !e.formats || e.formats.includes(format));
        out.push({ name: `${c}/${variant}/${format}`, format, dir, expected: own });
        if (format === 'terraform') out.push({ name: `${c}/${variant}/terraform-json`, format, dir, jsonSyntax: true, expected: own });
      }
    }
  }
  return out;
}

/** The fixture's files by URI. */
export function readFixture(c: FixtureCase): Map<string, string> {
  return c.jsonSyntax ? jsonSyntaxFiles(c.dir) : new Map(filesIn(c.dir).map((f) => [uriOf(f), readFileSync(f, 'utf8')]));
}

export function analyze(files: ReadonlyMap<string, string>): AnalysisResult {
  const ws = new Workspace(ADAPTERS);
  for (const [uri, text] of files) ws.setText(uri, text);
  return ws.analyze({ policy: DEFAULT_POLICY });
}

/**
 * A resource's names as the expectations give them: the last segment, since Terraform names a child by itself
 * (`cmk`) where ARM and Bicep give `parent/child`.
 */
export function names(r: Resource): string[] {
  return V.strings(r.name).map((s) => s.value.slice(s.value.lastIndexOf('/') + 1));
}

/** A finding as the expectations describe it. */
export function describeFinding(f: Finding, result: AnalysisResult, files: ReadonlyMap<string, string>): string {
  const own = result.resources.filter((r) => f.resources.includes(r.key));
  const text = files.get(f.span.uri)?.slice(f.span.start, f.span.end) ?? '';
  const at = own.some((r) => sameSpan(r.declaration, f.span)) ? 'declaration' : unquote(unescapedAnchor(text));
  // The key chain names, for a vault or key, each resource whose data it protects.
  const uses = f.related.filter((rel) => rel.message.includes('encrypts its data with a key held here'));
  const protects = result.resources.filter((r) => uses.some((rel) => sameSpan(rel.span, r.declaration))).flatMap(names);
  return `${f.ruleId} | ${[...new Set(own.flatMap(names))].sort().join(', ')} | at ${at} | protects ${[...new Set(protects)].sort().join(', ')}`;
}

export function describeExpected(e: ExpectedFinding, format: FormatName): string {
  const last = (n: string) => n.slice(n.lastIndexOf('/') + 1);
  const resources = (typeof e.resource === 'string' ? [e.resource] : [...e.resource]).map(last);
  const at = typeof e.at === 'string' ? e.at : (e.at[format] ?? 'declaration');
  return `${e.rule} | ${resources.sort().join(', ')} | at ${at} | protects ${[...(e.protects ?? [])].map(last).sort().join(', ')}`;
}
