/**
 * Help that stays readable at 80 columns: commander pads every term to the longest one, and
 * when that leaves less than 40 columns for descriptions it stops wrapping them at all (the
 * top-level command list then printed lines of 200 characters). Terms are padded to at most
 * {@link MAX_TERM} columns; a longer term gets a line of its own, its description below it.
 */
import { Help, type HelpConfiguration } from 'commander';

/** The widest term column: 80 columns leave 44 for descriptions beside it. */
const MAX_TERM = 32;

/** Help settings for every command of the program (`command.configureHelp`). */
export const HELP_LAYOUT: HelpConfiguration = {
  padWidth(command, helper) {
    return Math.min(Help.prototype.padWidth.call(this, command, helper), MAX_TERM);
  },
  formatItem(term, termWidth, description, helper) {
    const own = Help.prototype.formatItem;
    if (description === '' || helper.displayWidth(term) <= termWidth)
      return own.call(this, term, termWidth, description, helper);
    return `  ${term}\n${own.call(this, '', termWidth, description, helper)}`;
  },
};
