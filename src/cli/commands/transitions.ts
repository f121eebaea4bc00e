/** `flagstore lock|unlock|complete <id>`: move a flag through its lifecycle. */
import type { Command } from 'commander';
import { TYPED_ID_HELP } from '../../core/ids.js';
import type { TransitionKind } from '../../services/flags.js';
import { action } from '../context.js';
import { addWriteOptions } from '../options.js';
import { WRITE_OPTIONS } from '../write-options.js';
import { transitionCommand } from './transition-run.js';

function register(program: Command, kind: TransitionKind, description: string): void {
  const command = program.command(kind).description(description).argument('<id>', TYPED_ID_HELP);
  addWriteOptions(command, WRITE_OPTIONS[kind]).action(action('native', transitionCommand(kind)));
}

/** Registers `lock`, `unlock` and `complete`. */
export function registerTransitions(program: Command): void {
  register(program, 'lock', 'lock a pending flag while you wait for an answer');
  register(program, 'unlock', 'release your lock on a flag');
  register(program, 'complete', 'complete a flag, recording who, when and notes');
}
