/**
 * Every rule, in the order reports list them. Adding a rule: one module with its metadata and check, listed here,
 * then `npm run gen` to write its documentation page and the configuration schema.
 */
import { cmkMissing } from './cmk-missing';
import { httpsOnly } from './https-only';
import { infrastructureEncryption } from './infrastructure-encryption';
import { keyNotHsm } from './key-not-hsm';
import { keyVaultProtection } from './key-vault-protection';
import { moduleUnresolved } from './module-unresolved';
import { regionGlobal } from './region-global';
import { regionNotAllowed } from './region-not-allowed';
import { regionProscribed } from './region-proscribed';
import { regionUnresolved } from './region-unresolved';
import type { Rule, RuleMeta } from './rule';
import { suppressionUnjustified } from './suppression-unjustified';
import { syntaxError } from './syntax-error';
import { tlsVersion } from './tls-version';

export const RULES: readonly Rule[] = [
  regionProscribed,
  regionNotAllowed,
  regionUnresolved,
  regionGlobal,
  cmkMissing,
  keyNotHsm,
  keyVaultProtection,
  infrastructureEncryption,
  tlsVersion,
  httpsOnly,
  moduleUnresolved,
  suppressionUnjustified,
  syntaxError,
];

const BY_ID = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

export function ruleMeta(id: string): RuleMeta {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`no rule '${id}'`);
  return rule.meta;
}

/** Where each rule's documentation is published: the page generated from its metadata. */
export const DOCS_BASE_URL = 'https://github.com/itar-guard/itar-guard/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
