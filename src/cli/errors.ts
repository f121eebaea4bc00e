/** The single error boundary: every failure becomes one message and one exit code here. */
import { CommanderError } from 'commander';
import { asFlagstoreError, EXIT_CODES, FlagstoreError } from '../core/errors.js';
import { current } from './context.js';
import { printJson, printNative, warnError } from './output.js';

function toFlagstoreError(error: unknown): FlagstoreError {
  if (error instanceof FlagstoreError) return error;
  if (error instanceof CommanderError) {
    return new FlagstoreError('usage', error.message.replace(/^error: /, ''), {
      fix: 'flagstore --help',
    });
  }
  return asFlagstoreError(error);
}

/** Prints an error in the current mode and returns its exit code. */
export function reportError(error: unknown, seedCommand: boolean): number {
  const e = toFlagstoreError(error);
  if (seedCommand || current.mode === 'seed') {
    printJson({ error: e.message, ...e.details, ...(e.fix ? { fix: e.fix } : {}) });
  } else if (current.json) {
    printNative({
      error: { code: e.code, message: e.message, fix: e.fix ?? null, details: e.details },
    });
  } else {
    warnError(e);
  }
  return EXIT_CODES[e.code];
}
