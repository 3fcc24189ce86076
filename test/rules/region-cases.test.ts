/**
 * The region behaviours, once per format: each case folder under test/fixtures/region/ holds equivalent
 * templates per format (arm/, bicep/, terraform/) and one format-neutral expectation, so every format must give
 * the same findings; the Terraform case written in Terraform's JSON syntax must give them too.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseAllowedRegions, type ProfileName, type RegionPolicy } from '../../src/engine/regions/profiles';
import { jsonSyntaxAnchor, jsonSyntaxFiles, unescapedAnchor } from '../helpers/terraform-json';
import { adaptersReady, analyzeDir, analyzeSources, anchorText, ENCRYPTION_OFF, FIXTURES, unquote } from '../helpers/workspace';

const FORMATS = ['arm', 'bicep', 'terraform'] as const;
type Format = (typeof FORMATS)[number];

interface Expected {
  readonly description: string;
  readonly profile?: ProfileName;
  readonly allowedRegions?: string[];
  readonly findings: {
    readonly rule: string;
    /** The anchor's text without quotes; per format where the formats write it differently. */
    readonly text?: string | Partial<Record<Format, string>>;
    /** How many resources the finding affects. */
    readonly resources?: number;
    readonly suppressed?: boolean;
  }[];
}

const ROOT = path.join(FIXTURES, 'region');

before(adaptersReady);

function normalize(parts: (string | number | boolean | undefined)[]): string {
  return parts.map((p) => (p === undefined ? '*' : String(p))).join(' | ');
}

for (const name of readdirSync(ROOT).sort()) {
  const expected = JSON.parse(readFileSync(path.join(ROOT, name, 'expected.json'), 'utf8')) as Expected;
  const policy: RegionPolicy = {
    profile: expected.profile ?? 'us-only',
    ...(expected.allowedRegions ? { allowedRegions: parseAllowedRegions(expected.allowedRegions).regions } : {}),
  };
  describe(`region case ${name}: ${expected.description}`, () => {
    // Terraform's JSON syntax, written from each Terraform case (which has no comments to suppress with).
    const variants = [...FORMATS, ...(expected.findings.some((f) => f.suppressed) ? [] : (['terraform-json'] as const))];
    for (const variant of variants) {
      const format = variant === 'terraform-json' ? 'terraform' : variant;
      const dir = path.join(ROOT, name, format);
      if (!existsSync(dir)) continue;
      test(variant, () => {
        const result = variant === 'terraform-json' ? analyzeSources(jsonSyntaxFiles(dir), policy, ENCRYPTION_OFF) : analyzeDir(dir, policy, ENCRYPTION_OFF);
        const actual = result.findings
          .map((f) => {
            const want = expected.findings.find((e) => e.rule === f.ruleId);
            return normalize([
              f.ruleId,
              want && want.text === undefined ? undefined : unquote(unescapedAnchor(anchorText(result, f))),
              want?.resources === undefined ? undefined : f.resources.length,
              want?.suppressed === undefined ? undefined : !!f.suppression,
            ]);
          })
          .sort();
        const wanted = expected.findings
          .map((e) => {
            const text = typeof e.text === 'object' ? e.text[format] : e.text;
            return normalize([e.rule, text !== undefined && variant === 'terraform-json' ? unquote(jsonSyntaxAnchor(text)) : text, e.resources, e.suppressed]);
          })
          .sort();
        assert.deepEqual(actual, wanted);
      });
    }
  });
}
