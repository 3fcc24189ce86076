/** What every report needs from its caller. */
export interface ReportOptions {
  /** How a document URI is written in the report (a path relative to the working directory, for instance). */
  readonly displayPath: (uri: string) => string;
  readonly toolVersion: string;
}
