/**
 * Shell completion from commander's own model of the CLI: commands, options, and values by the
 * name of their placeholder (`<agent>` completes agent handles, `<id>` flag ids, `<type>` flag
 * types). The shell scripts only pass the words typed so far to `flagstore __complete`.
 */
import type { Argument, Command, Option } from 'commander';
import { FLAG_TYPES, IMPACT_LEVELS, STATUSES } from '../core/types.js';

/** What completion needs from the repository, asked only when a value needs it. */
export interface CompletionData {
  handles: () => Promise<string[]>;
  flagIds: () => Promise<string[]>;
}

const STATIC_VALUES: Record<string, readonly string[]> = {
  type: FLAG_TYPES,
  types: FLAG_TYPES,
  levels: IMPACT_LEVELS,
  impact: IMPACT_LEVELS,
  status: [...STATUSES, 'all'],
  shell: ['bash', 'zsh', 'fish'],
};

/** The placeholder of an option or argument value: `agent` for `--for <agent>`. */
function placeholder(text: string | undefined): string | null {
  return /[<[]([\w-]+)(?:\.\.\.)?[>\]]/.exec(text ?? '')?.[1] ?? null;
}

async function valuesFor(name: string | null, data: CompletionData): Promise<string[]> {
  if (name === null) return [];
  if (name === 'agent' || name === 'handle') return data.handles();
  if (name === 'id') return data.flagIds();
  return [...(STATIC_VALUES[name] ?? [])];
}

function visible(command: Command): Command[] {
  return command.commands.filter(
    (c) => !(c as unknown as { _hidden?: boolean })._hidden && !c.name().startsWith('_'),
  );
}

function optionsOf(command: Command): Option[] {
  const chain: Option[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) chain.push(...c.options);
  return chain.filter((o) => !o.hidden);
}

function findOption(command: Command, word: string): Option | undefined {
  return optionsOf(command).find((o) => o.long === word || o.short === word);
}

/** Where the words before the current one lead: the command, and the positional arguments given. */
function walk(program: Command, words: string[]): { command: Command; positional: number } {
  let command = program;
  let positional = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word.startsWith('-')) {
      const option = findOption(command, word);
      if (option !== undefined && (option.required || option.optional) && !word.includes('=')) i++;
      continue;
    }
    const sub = positional === 0 ? command.commands.find((c) => c.name() === word) : undefined;
    if (sub !== undefined) command = sub;
    else positional++;
  }
  return { command, positional };
}

function argumentAt(command: Command, index: number): Argument | undefined {
  const args = command.registeredArguments;
  const last = args[args.length - 1];
  return args[index] ?? (last?.variadic ? last : undefined);
}

async function candidates(
  program: Command,
  words: string[],
  data: CompletionData,
): Promise<string[]> {
  const before = words.slice(0, -1);
  const current = words[words.length - 1] ?? '';
  const previous = before[before.length - 1];
  const { command, positional } = walk(program, before);
  const option = previous?.startsWith('-') ? findOption(command, previous) : undefined;
  if (option !== undefined && (option.required || option.optional))
    return valuesFor(placeholder(option.flags), data);
  if (current.startsWith('-')) return optionsOf(command).flatMap((o) => (o.long ? [o.long] : []));
  if (positional === 0 && visible(command).length > 0) return visible(command).map((c) => c.name());
  return valuesFor(argumentAt(command, positional)?.name() ?? null, data);
}

/** The completions of the last word, given every word typed after the program name. */
export async function complete(
  program: Command,
  words: string[],
  data: CompletionData,
): Promise<string[]> {
  const current = words[words.length - 1] ?? '';
  const all = await candidates(program, words.length === 0 ? [''] : words, data);
  return [...new Set(all)].filter((c) => c.startsWith(current)).sort();
}
