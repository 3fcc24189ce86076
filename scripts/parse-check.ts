/**
 * `npm run parse-check -- <folder>…`: parses every Bicep (`.bicep`, `.bicepparam`) and Terraform (`.tf`,
 * `.tfvars`) file below the folders and reports the share that parse without a syntax problem, then each file with
 * problems and where they are.
 *
 * For Terraform it also checks the strict parser against tree-sitter: every file the strict parser reads whole must
 * give the tree tree-sitter gives (converted), or it is listed as a disagreement, which is a bug to report.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseBicep } from '../src/engine/formats/bicep/parser';
import { convertTopItems } from '../src/engine/formats/terraform/convert';
import { loadTerraformGrammar, type TerraformGrammar } from '../src/engine/formats/terraform/grammar';
import { parseHcl } from '../src/engine/formats/terraform/parse';
import { readStrict } from '../src/engine/formats/terraform/strict-parser';
import { SourceText } from '../src/engine/model/span';

const SKIPPED = new Set(['node_modules', '.git', '.terraform']);
const CHECKED = /\.(bicep|bicepparam|tf|tfvars)$/i;
/** Problems listed per file; the count says how many more there are. */
const SHOWN_PER_FILE = 5;

function filesBelow(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED.has(name)) continue;
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) filesBelow(full, out);
    else if (CHECKED.test(name)) out.push(full);
  }
  return out;
}

interface Problem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** Counts of Terraform files by how the strict parser fared. */
interface StrictTally {
  read: number;
  disagreements: string[];
}

function terraformProblems(grammar: TerraformGrammar, source: SourceText, tally: StrictTally): Problem[] {
  const strict = readStrict(source.text);
  if (strict.failedAt === undefined) {
    tally.read++;
    const tree = grammar.parser.parse(source.text);
    if (tree) {
      const ok = !tree.rootNode.hasError && isDeepStrictEqual(strict.items, convertTopItems(grammar, tree, source.text).items);
      tree.delete();
      if (!ok) tally.disagreements.push(source.uri);
    }
  }
  return parseHcl(source).problems.map((p) => ({ start: p.span.start, end: p.span.end, message: p.message }));
}

async function main(): Promise<number> {
  const roots = process.argv.slice(2);
  if (!roots.length) {
    console.error('usage: npm run parse-check -- <folder>…');
    return 2;
  }
  let files: string[];
  try {
    files = roots.flatMap((r) => (statSync(r).isDirectory() ? filesBelow(r) : [r]));
  } catch (e) {
    console.error(`parse-check: ${(e as Error).message}`);
    return 2;
  }
  const grammar = files.some((f) => /\.tf(vars)?$/i.test(f)) ? await loadTerraformGrammar() : undefined;
  const tally: StrictTally = { read: 0, disagreements: [] };
  let failed = 0;
  let lines = 0;
  let terraform = 0;
  const started = performance.now();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = new SourceText(file, text);
    lines += source.lineCount;
    let problems: readonly Problem[];
    if (/\.tf(vars)?$/i.test(file)) {
      terraform++;
      if (!grammar) {
        console.error('parse-check: the Terraform parser could not be loaded');
        return 2;
      }
      problems = terraformProblems(grammar, source, tally);
    } else {
      problems = parseBicep(source.text, /\.bicepparam$/i.test(file) ? 'bicepparam' : 'bicep').problems;
    }
    if (!problems.length) continue;
    failed++;
    console.log(`${path.relative(process.cwd(), file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const p of problems.slice(0, SHOWN_PER_FILE)) {
      const at = source.span(p.start, p.end);
      console.log(`  ${at.startLine + 1}:${at.startCharacter + 1} ${p.message}`);
    }
    if (problems.length > SHOWN_PER_FILE) console.log(`  … and ${problems.length - SHOWN_PER_FILE} more`);
  }
  const ms = performance.now() - started;
  const ok = files.length - failed;
  const rate = files.length ? ((100 * ok) / files.length).toFixed(2) : '100.00';
  console.log(`\n${files.length} files (${lines} lines) in ${ms.toFixed(0)} ms: ${ok} parse without problems (${rate}%), ${failed} with syntax problems.`);
  if (terraform) {
    console.log(`Terraform: the strict parser read ${tally.read} of ${terraform} files whole; tree-sitter read ${tally.disagreements.length ? 'differently' : 'the same'}${tally.disagreements.length ? ` in ${tally.disagreements.length}:` : ' in every one.'}`);
    for (const uri of tally.disagreements) console.log(`  ${path.relative(process.cwd(), uri)}`);
  }
  return failed || tally.disagreements.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`parse-check: ${(e as Error)?.message ?? String(e)}`);
    process.exitCode = 2;
  },
);
