import type { CompiledTemplate } from '../workspace/compiled';

/** What every report needs from its caller. */
export interface ReportOptions extends RunInfo {
  /** How a document URI is written in the report (a path relative to the working directory, for instance). */
  readonly displayPath: (uri: string) => string;
  readonly toolVersion: string;
}

/** Facts about the run that reports mention besides the findings. */
export interface RunInfo {
  /** How many files were checked. */
  readonly checkedFiles?: number;
  /** Files passed over, with the reason (paths as displayed). */
  readonly skipped?: readonly { readonly path: string; readonly reason: string }[];
  /** Templates compiled by Bicep beside their source, with the findings left out as repeating the source's (possibly none). */
  readonly compiled?: readonly CompiledTemplate[];
}
