/**
 * `npm run parse-check -- <folder>…`: parses every `.bicep` and `.bicepparam` file below the folders and reports
 * the share that parse without a syntax problem, then each file with problems and where they are.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseBicep } from '../src/engine/formats/bicep/parser';
import { SourceText } from '../src/engine/model/span';

const SKIPPED = new Set(['node_modules', '.git']);
/** Problems listed per file; the count says how many more there are. */
const SHOWN_PER_FILE = 5;

function bicepFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED.has(name)) continue;
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) bicepFiles(full, out);
    else if (/\.bicep(param)?$/i.test(name)) out.push(full);
  }
  return out;
}

function main(): number {
  const roots = process.argv.slice(2);
  if (!roots.length) {
    console.error('usage: npm run parse-check -- <folder>…');
    return 2;
  }
  let files: string[];
  try {
    files = roots.flatMap((r) => (statSync(r).isDirectory() ? bicepFiles(r) : [r]));
  } catch (e) {
    console.error(`parse-check: ${(e as Error).message}`);
    return 2;
  }
  let failed = 0;
  let lines = 0;
  const started = performance.now();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = new SourceText(file, text);
    lines += source.lineCount;
    const { problems } = parseBicep(source.text, /\.bicepparam$/i.test(file) ? 'bicepparam' : 'bicep');
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
  return failed ? 1 : 0;
}

process.exitCode = main();
