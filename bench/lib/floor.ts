/**
 * The parse-only floor: the same files read and parsed by the same parsers the analysis uses (jsonc-parser's
 * tree for ARM JSON, the Bicep parser; for Terraform the strict parser, with tree-sitter for what it gives up on),
 * and nothing else.
 */
import { readFiles } from '../../src/cli/read-files';
import { parseJsonc } from '../../src/engine/formats/arm/jsonc';
import { parseBicep } from '../../src/engine/formats/bicep/parser';
import { terraformGrammar } from '../../src/engine/formats/terraform/grammar';
import { parseHcl } from '../../src/engine/formats/terraform/parse';
import { SourceText } from '../../src/engine/model/span';

/** Parses one file's text with its format's parser; false when no parser reads that kind of file. */
export function parseOnly(file: string, text: string): boolean {
  if (/\.jsonc?$/i.test(file)) {
    parseJsonc(new SourceText(file, text));
    return true;
  }
  if (/\.bicep(param)?$/i.test(file)) {
    parseBicep(text, file.endsWith('param') ? 'bicepparam' : 'bicep');
    return true;
  }
  if (/\.tf(vars)?$/i.test(file)) {
    if (!terraformGrammar()) throw new Error('the Terraform grammar is not loaded');
    parseHcl(new SourceText(file, text));
    return true;
  }
  return false;
}

/**
 * Reads every file as the CLI does. The floor and the in-process scan both read through it, so that they differ only
 * in what follows the reading.
 */
export async function readAll(files: readonly string[]): Promise<{ path: string; text: string }[]> {
  return (await readFiles(files, Number.MAX_SAFE_INTEGER)).texts;
}

/** Reads every file and parses it: the time an analysis cannot go below. */
export async function readAndParse(files: readonly string[]): Promise<number> {
  let parsed = 0;
  for (const { path, text } of await readAll(files)) if (parseOnly(path, text)) parsed++;
  return parsed;
}
