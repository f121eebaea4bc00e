// Preloaded into a CLI run by the bench (node --import): writes the process's peak resident
// memory in KiB to the file named by BENCH_PEAK_RSS_FILE when the process exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.BENCH_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
