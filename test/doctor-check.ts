/** Reading one check of `flagstore --json doctor`, as the doctor tests do. */
import type { DoctorCheck } from '../src/gates/doctor.js';
import { cli } from './helpers.js';

/** The check named `name` of `flagstore --json doctor` run in `cwd` (undefined when absent). */
export async function doctorCheck(
  cwd: string,
  name: string,
  env: Record<string, string> = {},
): Promise<DoctorCheck | undefined> {
  const report = (await cli(cwd, ['--json', 'doctor'], env)).json<{ checks: DoctorCheck[] }>();
  return report.checks.find((c) => c.name === name);
}
