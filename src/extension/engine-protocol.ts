/**
 * Messages between the extension and the engine worker: file texts in, findings out. Everything is plain data.
 */
import type { LiveResourceJson } from '../engine/formats/arm/live';
import type { Finding, TextEdit } from '../engine/model/finding';
import type { Span } from '../engine/model/span';
import type { AnalysisConfig } from '../engine/workspace/workspace';
import type { WireFindings, WireFixes } from './findings-wire';

/** What the extension needs to know of a document the engine read. */
export interface DocumentInfo {
  readonly uri: string;
  readonly format: string;
  readonly kind: string;
}

export interface ScopeResult {
  /** Every finding, suppressed ones included (marked). */
  readonly findings: Finding[];
  readonly documents: DocumentInfo[];
}

/** A scope's result as the worker sends it: the findings the extension does not hold yet, and the order of all. */
export interface WireResult {
  readonly findings: WireFindings;
  readonly documents: DocumentInfo[];
}

export type Request =
  | { readonly type: 'set'; readonly scope: string; readonly uri: string; readonly text: string }
  | { readonly type: 'remove'; readonly scope: string; readonly uri: string }
  | { readonly type: 'drop-scope'; readonly scope: string }
  | { readonly type: 'analyze'; readonly id: number; readonly scope: string; readonly config: AnalysisConfig }
  | { readonly type: 'suppression'; readonly id: number; readonly scope: string; readonly finding: Finding; readonly reason: string }
  /** Deployed resources to check with the rules. */
  | { readonly type: 'check-live'; readonly id: number; readonly resources: readonly LiveResourceJson[]; readonly config: AnalysisConfig }
  /** The declarations, in every scope's last analysis, of a resource of this ARM type and full name. */
  | { readonly type: 'declarations'; readonly id: number; readonly resourceType: string; readonly name: string };

export type Reply =
  | { readonly type: 'analyzed'; readonly id: number; readonly result: WireResult; readonly ms: number }
  /** Follows an `analyzed` reply (same id): the fixes of the findings it added. */
  | { readonly type: 'fixes'; readonly id: number; readonly fixes: WireFixes }
  | { readonly type: 'edit'; readonly id: number; readonly edit: TextEdit | undefined }
  /** The findings of each resource sent, in the order sent. */
  | { readonly type: 'live-checked'; readonly id: number; readonly findings: readonly (readonly Finding[])[]; readonly ms: number }
  | { readonly type: 'declarations'; readonly id: number; readonly spans: readonly Span[] }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };
