// Writes the files generated from the rules' metadata (see generated-files.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generatedFiles } from './generated-files';

for (const [file, content] of generatedFiles()) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`wrote ${file}`);
}
