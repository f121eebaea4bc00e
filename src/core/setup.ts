/** The report every setup step (`init`, `uninstall`) fills in: pure data, printed by the CLI. */

/** What a setup step did: paths changed, paths already right, steps left to the user. */
export interface SetupReport {
  created: string[];
  unchanged: string[];
  /** Steps the user must take by hand (exact lines to add or remove). */
  manual: string[];
  /** What was taken away (`uninstall`). */
  removed: string[];
}

/** An empty report. */
export function setupReport(): SetupReport {
  return { created: [], unchanged: [], manual: [], removed: [] };
}
