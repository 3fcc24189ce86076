import type { Rule } from './rule';

/** Reported by the parsers; the rest of the file is still checked. */
export const syntaxError: Rule = {
  meta: {
    id: 'syntax-error',
    title: 'File does not parse',
    defaultSeverity: 'error',
    description: 'The file does not parse at this place; ITAR Guard still checks the rest of the file.',
    help: [
      'A template that does not parse cannot be deployed, and the part ITAR Guard cannot read is not checked. The parsers recover at the next line or closing bracket, so the resources before and after the error are still checked.',
      'Fix the syntax at the reported position.',
    ].join('\n\n'),
    policies: [],
    resourceTypes: [],
    fixable: false,
  },
};
