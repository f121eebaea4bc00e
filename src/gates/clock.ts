/**
 * The gates' stopwatch: milliseconds from a fixed point in the past. `process.hrtime` rather
 * than the global `performance`, whose first use loads node's perf_hooks modules, about a
 * millisecond of every commit (docs/performance.md, round perf28).
 */
export function clockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
