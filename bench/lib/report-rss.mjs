// Preloaded into a benchmarked process: writes its peak resident memory (KB) to ITAR_GUARD_RSS_FILE on exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.ITAR_GUARD_RSS_FILE) writeFileSync(process.env.ITAR_GUARD_RSS_FILE, String(process.resourceUsage().maxRSS));
});
