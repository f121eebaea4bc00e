// Preloaded into a CLI run by the bench (node --import): writes the process's peak resident
// memory in KiB to the file named by BENCH_PEAK_RSS_FILE when the process exits. It reads VmHWM
// from /proc/self/status: `process.resourceUsage().maxRSS` (getrusage) is inherited across
// execve, so a process spawned by a bench that itself grew large reports the bench's peak.
import { readFileSync, writeFileSync } from 'node:fs';

function peakKiB() {
  try {
    const line = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (line) return Number(line[1]);
  } catch {
    // No /proc (not Linux): getrusage's figure, with the caveat above.
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  writeFileSync(process.env.BENCH_PEAK_RSS_FILE, String(peakKiB()));
});
