/**
 * Catching Ctrl-C and its kin for a task's time, so the task stops at a point of its choosing
 * (before HEAD moves, between two files) and exits as a process the signal stopped: 128 + the
 * signal's number (130 for Ctrl-C), so a script tells an interrupted run from a failed one.
 */
import { constants as osConstants } from 'node:os';

/** Signals caught for a task's time. */
export interface SignalGuard {
  /** The last signal caught; null while none came. */
  received: () => NodeJS.Signals | null;
  /**
   * After one turn of the event loop (so a signal's handler runs even amid synchronous work),
   * stops the task the options' way when a signal came.
   */
  stopIfAsked: () => Promise<void>;
  /** Gives the signals back to their default handlers. */
  release: () => void;
}

/** How a {@link SignalGuard} catches and stops. */
export interface SignalGuardOptions {
  /** The signals caught. */
  signals: readonly NodeJS.Signals[];
  /** How the task stops at a check after a signal: exits, or throws for its cleanup to run. */
  stop: (signal: NodeJS.Signals) => never;
  /** Called as each signal comes, once recorded, with whether one had come before. */
  onSignal?: (signal: NodeJS.Signals, again: boolean) => void;
}

/** The exit code of a run a signal stopped: 128 + its number; null for no known signal. */
export function signalExitCode(signal: unknown): number | null {
  const number = typeof signal === 'string' ? osConstants.signals[signal as NodeJS.Signals] : 0;
  return number ? 128 + number : null;
}

/** Exits as a process the signal stopped does (130 for SIGINT, 143 for SIGTERM). */
export function exitBySignal(signal: NodeJS.Signals): never {
  process.exit(signalExitCode(signal) ?? 1);
}

/** Catches the signals until released; see {@link SignalGuard}. */
export function guardSignals(options: SignalGuardOptions): SignalGuard {
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    const again = received !== null;
    received = signal;
    options.onSignal?.(signal, again);
  };
  options.signals.forEach((signal) => process.on(signal, onSignal));
  return {
    received: () => received,
    stopIfAsked: async () => {
      await new Promise((turn) => setImmediate(turn));
      if (received !== null) options.stop(received);
    },
    release: () => options.signals.forEach((signal) => process.off(signal, onSignal)),
  };
}
