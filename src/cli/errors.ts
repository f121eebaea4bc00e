/** The single error boundary: every failure becomes one message and one exit code here. */
import { CommanderError } from 'commander';
import { asFlagstoreError, EXIT_CODES, FlagstoreError } from '../core/errors.js';
import { signalExitCode } from '../git/signal-guard.js';
import { current } from './context.js';
import { inCommandSpelling } from './identity-fix.js';
import { inOptionTerms } from './option-terms.js';
import { printJson, printNative, warn, warnError } from './output.js';
import { writeFailed } from './std-fd.js';

/** Where an unforeseen failure should be reported, printed with its stack. */
export const REPORT_BUG =
  'this is a bug in flagstore: please report it, with the command you ran and the lines above, to the maintainers (see "Reporting a bug" in CONTRIBUTING.md)';

function toFlagstoreError(error: unknown): FlagstoreError {
  if (error instanceof FlagstoreError) {
    const spelt = inCommandSpelling(error, current.command);
    return inOptionTerms(spelt, { command: current.command, typed: current.fileForms });
  }
  if (error instanceof CommanderError) {
    const path = (error as { commandPath?: string }).commandPath;
    return new FlagstoreError('usage', error.message.replace(/^error: /, ''), {
      fix: path ? `flagstore ${path} --help` : 'flagstore --help',
    });
  }
  return asFlagstoreError(error);
}

/** The stack of an unforeseen failure, or null when the failure was foreseen. */
function internalStack(error: unknown, e: FlagstoreError): string | null {
  if (e.code !== 'internal') return null;
  return error instanceof Error && error.stack ? error.stack : String(error);
}

/** Prints an error in the current mode and returns its exit code. */
export function reportError(error: unknown, seedCommand: boolean): number {
  const e = toFlagstoreError(error);
  const stack = internalStack(error, e);
  // Standard output that could not be written (a full disk) hears nothing more: say it on error.
  if (writeFailed(1)) {
    warnError(e);
  } else if (seedCommand || current.mode === 'seed') {
    printJson({ error: e.message, ...e.details, ...(e.fix ? { fix: e.fix } : {}) });
  } else if (current.json) {
    printNative({
      error: { code: e.code, message: e.message, fix: e.fix ?? null, details: e.details },
    });
  } else {
    warnError(e);
  }
  // The stack goes to standard error in every mode, so JSON on standard output stays parseable.
  if (stack !== null) {
    warn(stack);
    warn(REPORT_BUG);
  }
  return exitCodeOf(e);
}

/**
 * An error's exit code: its kind's, or 128 + the signal's number for a run a signal stopped
 * (`details.signal`, as `--commit` exits after a Ctrl-C), so a script tells Ctrl-C from a failure.
 */
function exitCodeOf(e: FlagstoreError): number {
  return signalExitCode(e.details.signal) ?? EXIT_CODES[e.code];
}
