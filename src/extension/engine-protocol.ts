/**
 * Messages between the extension and the engine worker: file texts in, findings out. Everything is plain data.
 */
import type { Finding, TextEdit } from '../engine/model/finding';
import type { AnalysisConfig } from '../engine/workspace/workspace';

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

export type Request =
  | { readonly type: 'set'; readonly scope: string; readonly uri: string; readonly text: string }
  | { readonly type: 'remove'; readonly scope: string; readonly uri: string }
  | { readonly type: 'drop-scope'; readonly scope: string }
  | { readonly type: 'analyze'; readonly id: number; readonly scope: string; readonly config: AnalysisConfig }
  | { readonly type: 'suppression'; readonly id: number; readonly scope: string; readonly finding: Finding; readonly reason: string };

export type Reply =
  | { readonly type: 'analyzed'; readonly id: number; readonly result: ScopeResult; readonly ms: number }
  | { readonly type: 'edit'; readonly id: number; readonly edit: TextEdit | undefined }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };
