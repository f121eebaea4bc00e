/**
 * How far V8 lets a hot read's heap grow before it collects. Two settings, both read by V8 each
 * time it sizes a space again (so they take effect when set from code, after start-up):
 *
 * - The young generation stays at its first size (two semi-spaces of 1 MB on Node 20) instead of
 *   growing to 16 MB each. A read at 100,000 flags keeps what it lists (100,000 ids, the
 *   target's 20,000 parses): so much surviving young data made V8 double the semi-spaces up to
 *   their largest, about 32 MB more of resident memory, never given back (round mem13).
 * - The old generation may grow by 40 % over what the last full collection kept, instead of up to
 *   4 times that (V8's factor on a machine with a large heap limit, smaller where the collector
 *   was slow). With small semi-spaces much short-lived data is promoted, and at 100,000 flags the
 *   garbage promoted after the last full collection (the output's rows, the caches written)
 *   made most of a cold read's peak; when that collection came decided 137 or 153 MB (round
 *   mem17). `--max-semi-space-size` and `--max-old-space-size` would say it on node's command
 *   line, but V8 reads them only when it starts.
 *
 * A worker thread's start puts the young generation's setting back to V8's default for the
 * whole process; they are given again after it (src/core/thread-start.ts).
 *
 * Measured in docs/performance.md (rounds mem13 and mem17).
 */
import { setFlagsFromString } from 'node:v8';
import { afterThreadStart } from '../core/thread-start.js';

/**
 * Each setting as a hot read wants it, the generation it sizes, and V8's default (Node 20 and
 * 22) given back at exit.
 */
const SETTINGS = [
  { flag: '--semi-space-growth-factor', young: true, value: 1, default: 2 },
  { flag: '--heap-growing-percent', young: false, value: 40, default: 0 },
] as const;

let kept = false;

/**
 * Keeps the heap small for the rest of this process (see the module's comment), and gives V8 its
 * defaults back as the process exits, before anything else does on exit: V8's flags are part of
 * the hash a code cache is checked against, so a cache saved at exit with a flag changed would
 * be refused by the next process (src/cli/code-cache.ts). Later calls do nothing.
 *
 * `young: false` leaves the young generation to V8: the hook's cold commit (every flag parsed
 * once, nothing kept but summaries) then took 40 % more CPU in scavenges for 30 MB less peak
 * (docs/gates.md).
 */
export function keepHeapSmall(parts: { young: boolean } = { young: true }): void {
  if (kept) return;
  kept = true;
  let exiting = false;
  const keep = (): void => {
    if (exiting) return;
    for (const s of SETTINGS)
      if (parts.young || !s.young) setFlagsFromString(`${s.flag}=${s.value}`);
  };
  keep();
  afterThreadStart(keep);
  process.prependOnceListener('exit', () => {
    exiting = true;
    for (const s of SETTINGS) setFlagsFromString(`${s.flag}=${s.default}`);
  });
}
