// Preloaded into a CLI run by the bench (node --import): writes the process's peak resident
// memory in KiB to the file named by FLAGSTORE_BENCH_RSS when the process exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.FLAGSTORE_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
