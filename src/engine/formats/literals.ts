/**
 * Writing a string literal in each syntax, for fixes that replace or insert values.
 */
import type { LiteralSyntax } from '../model/value';

export function renderStringLiteral(syntax: LiteralSyntax, value: string): string {
  switch (syntax) {
    case 'json':
      return JSON.stringify(value);
    case 'arm-expression':
      // A single-quoted expression string, itself inside a JSON string: escape for both.
      return JSON.stringify(`'${value.replace(/'/g, "''")}'`).slice(1, -1);
    case 'bicep':
      return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${')}'`;
    case 'hcl':
      return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  }
}
