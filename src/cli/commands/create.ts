/** `flagstore create <type>`: create a flag with friendly option names. */
import type { Command } from 'commander';
import { dataAction } from '../context.js';
import { addWriteOptions } from '../options.js';
import { WRITE_OPTIONS } from '../write-options.js';
import { createCommand, presentCreated } from './create-run.js';

export { createCommand, presentCreated, type CreateOptions, type Created } from './create-run.js';

/** Registers `create`. */
export function registerCreate(program: Command): void {
  const command = program
    .command('create')
    .description('create a flag for another agent')
    .argument(
      '<type>',
      'flag type: breaking_change, new_feature, refactor, deprecation, enhancement, change, information_request, security, data_loss',
    );
  addWriteOptions(command, WRITE_OPTIONS.create).action(
    dataAction('native', createCommand, presentCreated),
  );
}
