/**
 * The parse-only floor: the same files read and parsed by the same parsers the analysis uses (jsonc-parser's
 * tree for ARM JSON, the Bicep parser; for Terraform the strict parser, with tree-sitter for what it gives up on),
 * and nothing else.
 */
import { readFile } from 'node:fs/promises';
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

/** Reads every file, as the floor and the in-process scan both do, so that they differ only in what follows. */
export function readAll(files: readonly string[]): Promise<string[]> {
  return Promise.all(files.map((f) => readFile(f, 'utf8')));
}

/** Reads every file and parses it: the time an analysis cannot go below. */
export async function readAndParse(files: readonly string[]): Promise<number> {
  const texts = await readAll(files);
  let parsed = 0;
  files.forEach((f, i) => {
    if (parseOnly(f, texts[i])) parsed++;
  });
  return parsed;
}
