/**
 * Writing literals in each syntax, for fixes that replace or insert values.
 */
import type { LiteralSyntax, Scalar } from '../model/value';

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
    case 'hcl-in-json':
      return JSON.stringify(renderStringLiteral('hcl', value)).slice(1, -1);
  }
}

/**
 * Any scalar as a literal. Numbers, booleans and null are written alike in JSON, Bicep and HCL; inside an ARM
 * expression booleans and null are the functions `true()`, `false()` and `null()`.
 */
export function renderLiteral(syntax: LiteralSyntax, value: Scalar): string {
  if (typeof value === 'string') return renderStringLiteral(syntax, value);
  if (syntax === 'arm-expression' && typeof value !== 'number') return `${String(value)}()`;
  return String(value);
}
