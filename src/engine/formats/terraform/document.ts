/**
 * A parsed Terraform file: configuration (`.tf`, `.tf.json`, and OpenTofu's `.tofu`, `.tofu.json`), variable values
 * (`.tfvars`, `.tfvars.json`) or the dependency lock file.
 */
import type { Span, SourceText } from '../../model/span';
import type { ParsedDocument } from '../../workspace/document';
import type { JsonNode } from '../arm/jsonc';
import type { Range, TopItem } from './syntax';

export type TerraformKind = 'tf' | 'tfvars' | 'lock';

export interface TerraformDocument extends ParsedDocument {
  readonly format: 'terraform';
  readonly kind: TerraformKind;
  readonly items: readonly TopItem[];
  /** A `.tfvars.json` file's object of values (its `items` are empty). */
  readonly json?: JsonNode;
  /** Written in Terraform's JSON syntax (`.tf.json`, `.tfvars.json`): it has no comments, and no fix adds settings to it. */
  readonly jsonSyntax?: true;
}

export function isTerraformDocument(doc: ParsedDocument | undefined): doc is TerraformDocument {
  return doc?.format === 'terraform';
}

/**
 * The kind of a Terraform file, by its name; undefined when the name is not one of Terraform's. Configuration files are
 * named as Terraform and OpenTofu load them: the suffix in lower case, and no hidden file (Terraform's
 * `configs/parser_config_dir.go`, `IsIgnoredFile`; `x.TF` and `.x.tf` deploy nothing).
 */
export function terraformKind(path: string): TerraformKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const lower = name.toLowerCase();
  if (lower === '.terraform.lock.hcl') return 'lock';
  if (!name.startsWith('.') && (name.endsWith('.tf') || name.endsWith('.tofu') || isConfigurationJson(name))) return 'tf';
  if (lower.endsWith('.tfvars') || isTfvarsJson(lower)) return 'tfvars';
  return undefined;
}

/** Terraform's JSON syntax for configuration (`main.tf.json`, what CDK for Terraform writes; OpenTofu's `main.tofu.json`). */
export function isConfigurationJson(path: string): boolean {
  return /\.(?:tf|tofu)\.json$/.test(path);
}

/** Terraform's JSON form of a variable file (`terraform.tfvars.json`, `*.auto.tfvars.json`, or given with `-var-file`). */
export function isTfvarsJson(path: string): boolean {
  return /\.tfvars\.json$/i.test(path);
}

/** A place in a document: the source and the offset the ranges of one top-level item are relative to. */
export interface Site {
  readonly source: SourceText;
  readonly base: number;
}

export function siteOf(doc: TerraformDocument, item: TopItem): Site {
  return { source: doc.source, base: item.base };
}

export function spanAt(site: Site, range: Range): Span {
  return site.source.span(site.base + range.s, site.base + range.e);
}
