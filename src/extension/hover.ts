/**
 * Hovers: on a quoted region name, what the region is and the verdict under the folder's profile; on a finding,
 * its rule's help.
 */
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../engine/config';
import { cloudName, findRegion, isGlobalLocation, pairedRegion, proscribedCountryName, type RegionInfo } from '../engine/regions/catalog';
import { judgeRegion, PROFILE_DESCRIPTIONS, type RegionPolicy } from '../engine/regions/profiles';
import { ruleById, ruleDocsUrl } from '../engine/rules/registry';
import type { Analysis } from './analysis';
import { rangeOf } from './convert';

/** A string literal in any of the formats' quoting: JSON and Terraform double quotes, Bicep single quotes. */
const QUOTED = /"[^"\r\n]{1,40}"|'[^'\r\n]{1,40}'/;

function policyText(policy: RegionPolicy): string {
  return policy.allowedRegions ? `the allowed list (${policy.allowedRegions.join(', ')})` : `profile \`${policy.profile}\``;
}

function verdictText(name: string, policy: RegionPolicy): string {
  const v = judgeRegion(name, policy);
  switch (v.kind) {
    case 'global':
      return '$(globe) Global: edge locations worldwide; reported by `region-global`.';
    case 'proscribed':
      return v.region.country
        ? `$(error) **Proscribed**: ${proscribedCountryName(v.region.country)} is a 22 CFR 126.1 country. Never allowed.`
        : '$(error) **Proscribed**: a multi-country location that may resolve to a 22 CFR 126.1 country. Never allowed.';
    case 'not-allowed':
      return `$(warning) **Not allowed** under ${policyText(policy)}.`;
    case 'allowed':
      return `$(pass) **Allowed** under ${policyText(policy)}.`;
    case 'unknown':
      return `$(warning) No Azure location is named '${v.name}'.`;
  }
}

export function regionMarkdown(region: RegionInfo | undefined, name: string, policy: RegionPolicy): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  if (region) {
    const pair = pairedRegion(region);
    md.appendMarkdown(`**${region.displayName}** (\`${region.name}\`)\n\n`);
    md.appendMarkdown(`- Cloud: ${cloudName(region)}\n`);
    md.appendMarkdown(`- Country: ${region.country ?? 'several (a logical location)'}${region.physicalLocation ? ` — ${region.physicalLocation}` : ''}\n`);
    md.appendMarkdown(`- Paired region: ${pair ? `${pair.displayName} (\`${pair.name}\`)` : 'none'}\n\n`);
  } else {
    md.appendMarkdown(`**${name}**\n\n`);
  }
  md.appendMarkdown(`${verdictText(name, policy)}\n\n`);
  if (!policy.allowedRegions) md.appendMarkdown(`_${policy.profile}: ${PROFILE_DESCRIPTIONS[policy.profile]}._`);
  return md;
}

export class Hovers implements vscode.HoverProvider {
  constructor(private readonly analysis: Analysis) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const parts: vscode.MarkdownString[] = [];
    let range: vscode.Range | undefined;
    const quoted = document.getWordRangeAtPosition(position, QUOTED);
    const scope = this.analysis.scopeOf(document.uri);
    // In infrastructure files and the configuration file (its allowed regions).
    if (quoted && scope && (this.analysis.formatOf(document.uri) || document.uri.path.endsWith(`/${CONFIG_FILE_NAME}`))) {
      const name = document.getText(quoted).slice(1, -1);
      const region = findRegion(name);
      if (region || isGlobalLocation(name)) {
        parts.push(regionMarkdown(region, name, scope.settings.config.policy));
        range = quoted;
      }
    }
    if (this.analysis.isCurrent(document)) {
      const seen = new Set<string>();
      for (const f of this.analysis.findingsOf(document.uri)) {
        const r = rangeOf(f.span);
        if (f.suppression || !r.contains(position) || seen.has(f.ruleId)) continue;
        seen.add(f.ruleId);
        const meta = ruleById(f.ruleId)?.meta;
        if (!meta) continue;
        const md = new vscode.MarkdownString(`**ITAR Guard: ${meta.title}** (\`${meta.id}\`)\n\n${meta.help}\n\n[Rule documentation](${ruleDocsUrl(meta.id)})`);
        parts.push(md);
        range ??= r;
      }
    }
    return parts.length ? new vscode.Hover(parts, range) : undefined;
  }
}
