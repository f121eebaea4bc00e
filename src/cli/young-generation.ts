/**
 * The hot reads keep V8's young generation at its first size (two semi-spaces of 1 MB on Node
 * 20) instead of letting it grow to 16 MB each. A read at 100,000 flags keeps what it lists
 * (100,000 ids, the target's 20,000 parses): so much surviving young data made V8 double the
 * semi-spaces up to their largest, about 32 MB more of resident memory, touched from the first
 * 10,000 files on and never given back. With the growth factor at 1 the survivors are promoted
 * sooner instead; measured in docs/performance.md (round mem13): a cold read and the read after
 * it peak 20 to 45 MB lower, for CPU within the noise of the machine. `--max-semi-space-size`
 * would say the same on node's command line, but V8 reads it only when it starts; the growth
 * factor is read at every growth.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default growth factor (Node 20 and 22). */
const DEFAULT_GROWTH = 2;

let kept = false;

/**
 * Keeps the young generation from growing for the rest of this process, and gives V8 its default
 * back as the process exits, before anything else does on exit: V8's flags are part of the hash
 * a code cache is checked against, so a cache saved at exit with the factor changed would be
 * refused by the next process (src/cli/code-cache.ts). Later calls do nothing.
 */
export function keepYoungGenerationSmall(): void {
  if (kept) return;
  kept = true;
  setFlagsFromString('--semi-space-growth-factor=1');
  process.prependOnceListener('exit', () => {
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH}`);
  });
}
