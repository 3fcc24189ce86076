/**
 * SARIF 2.1.0: one run, the rules with their metadata, results with 1-based regions, related locations, fixes
 * and in-source suppressions. Columns count UTF-16 code units (SARIF's default `columnKind`).
 */
import type { Finding, Severity, TextEdit } from '../model/finding';
import type { Span } from '../model/span';
import { policyInfo } from '../rules/policies';
import { RULES, ruleDocsUrl } from '../rules/registry';
import type { ReportOptions } from './options';
import { repeatedNote } from './compiled-note';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note' };

export const INFORMATION_URI = 'https://github.com/itar-guard/itar-guard';

function region(span: Span) {
  return { startLine: span.startLine + 1, startColumn: span.startCharacter + 1, endLine: span.endLine + 1, endColumn: span.endCharacter + 1, charOffset: span.start, charLength: span.end - span.start };
}

function physical(span: Span, opts: ReportOptions) {
  return { artifactLocation: { uri: encodeUriPath(opts.displayPath(span.uri)) }, region: region(span) };
}

/** A relative path as a SARIF URI reference: forward slashes, each segment percent-encoded. */
function encodeUriPath(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path;
  return path.replace(/\\/g, '/').split('/').map((s) => encodeURIComponent(s)).join('/');
}

function replacements(edits: readonly TextEdit[], opts: ReportOptions) {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) byUri.set(e.span.uri, [...(byUri.get(e.span.uri) ?? []), e]);
  return [...byUri].map(([uri, list]) => ({
    artifactLocation: { uri: encodeUriPath(opts.displayPath(uri)) },
    replacements: list.map((e) => ({ deletedRegion: region(e.span), insertedContent: { text: e.newText } })),
  }));
}

export function sarifRules() {
  return RULES.map((r) => ({
    id: r.meta.id,
    name: r.meta.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: r.meta.title },
    fullDescription: { text: r.meta.description },
    help: { text: r.meta.help, markdown: r.meta.help },
    helpUri: ruleDocsUrl(r.meta.id),
    defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
    properties: {
      tags: ['itar', 'azure', 'security', 'compliance'],
      fixable: r.meta.fixable,
      resourceTypes: r.meta.resourceTypes,
      azurePolicies: r.meta.policies.map((id) => ({ id, displayName: policyInfo(id)?.displayName ?? '' })),
    },
  }));
}

export function toSarif(findings: readonly Finding[], opts: ReportOptions): object {
  const rules = sarifRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings.map((f) => {
    const location: Record<string, unknown> = f.logicalLocation
      ? { logicalLocations: [{ fullyQualifiedName: f.logicalLocation, kind: 'resource' }] }
      : { physicalLocation: physical(f.span, opts) };
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [location],
      ...(f.related.length && !f.logicalLocation
        ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r.span, opts), message: { text: r.message } })) }
        : {}),
      ...(f.fixes.length && !f.logicalLocation ? { fixes: f.fixes.map((x) => ({ description: { text: x.title }, artifactChanges: replacements(x.edits, opts) })) } : {}),
      ...(f.suppression ? { suppressions: [{ kind: 'inSource', justification: f.suppression.justification }] } : {}),
      partialFingerprints: { primaryLocationLineHash: `${f.ruleId}:${f.logicalLocation ?? opts.displayPath(f.span.uri)}:${f.span.startLine + 1}` },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ITAR Guard', informationUri: INFORMATION_URI, version: opts.toolVersion, semanticVersion: opts.toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...(opts.skipped ?? []).map((s) => ({
                level: 'warning',
                message: { text: `Skipped ${s.path}: ${s.reason}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: encodeUriPath(s.path) } } }],
              })),
              ...(opts.compiled ?? []).filter((c) => c.repeated.length).map((c) => ({
                level: 'note',
                message: { text: repeatedNote(c, opts.displayPath) },
                locations: [{ physicalLocation: { artifactLocation: { uri: encodeUriPath(opts.displayPath(c.uri)) } } }],
              })),
            ],
          },
        ],
        results,
      },
    ],
  };
}
