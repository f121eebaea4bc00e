/** The flag protocol in our own words, for an agent's prompt, and the marked section that holds it. */
import { FlagstoreError } from '../core/errors.js';

/** Marks the start of the section flagstore owns in an instructions file. */
export const SECTION_START =
  '<!-- flagstore:protocol:start (managed by `flagstore instructions --install`) -->';
/** Marks the end of that section. */
export const SECTION_END = '<!-- flagstore:protocol:end -->';

/** The protocol text, addressed to one agent when its handle is known. */
export function protocolText(agent: string | null): string {
  const me = agent ?? '@your.handle';
  return `## Coordination flags (flagstore)

You are \`${me}\`. Agents working on this repository coordinate through *flags*: short,
structured messages kept as files under \`flags/\` and reviewed like code. Follow this protocol
in every session. Add \`--json\` to any command for machine-readable output.

1. **Check your flags before any other work.**
   \`flagstore brief --agent ${me}\` prints what needs you (nothing at all when nothing does);
   \`flagstore list --for ${me}\` lists your pending flags.
2. **Process them by priority**: critical, then high, medium, low; oldest first. Skip a flag
   locked by another agent: someone is already waiting on it.
   Read one with \`flagstore show <id>\`, do what its "Action required" says, then
   \`flagstore complete <id> --by ${me} --notes "what you changed, where"\`.
   Not your domain? Complete it anyway, with a note that says so.
3. **Need an answer first? Lock, then ask.**
   \`flagstore lock <id> --by ${me} --ttl 4h\` (an expired lock frees the flag if you crash), then
   \`flagstore create information_request --to @owner.module --chain <id> --change "..." --action "..."\`.
   The answer comes back as a flag for you: then \`flagstore unlock <id> --by ${me}\`, do the
   work, and complete the original flag.
4. **Create a flag for every change that affects another module**: API endpoints, database
   schemas, authentication, data formats, shared configuration, deprecations, new
   capabilities others can use. Find the owner first with \`flagstore search "what changed" 3\`,
   then:
   \`flagstore create <type> --by ${me} --to @owner.module --impact <level> --change "..." --action "..." --files a.ts,b.ts --location a.ts:42\`
   - types: breaking_change, new_feature, refactor, deprecation, enhancement, change,
     information_request, security, data_loss
   - impact: critical (system breaks without immediate action; only breaking_change,
     security, data_loss, and security/data_loss always are), high, medium (default), low
     (never for breaking_change or security); high and critical need \`--to\`
   - \`--change\`: what changed and why, at least 50 characters; \`--action\`: the exact steps,
     files and lines, at least 100 characters; \`--chain <id>\` when this follows from another flag.
5. Critical flags block commits until they are completed: resolve them first.

The original tool's commands work too: \`get-agent-flags\`, \`create-flag\`, \`lock-flag\`,
\`unlock-flag\`, \`complete-flag\`, \`search-agents\`.`;
}

/** Adds or replaces flagstore's marked section in a file's text, leaving the rest untouched. */
export function installSection(existing: string, section: string): string {
  const block = `${SECTION_START}\n${section.trimEnd()}\n${SECTION_END}`;
  const start = existing.indexOf(SECTION_START);
  const end = existing.indexOf(SECTION_END);
  if (start < 0 && end < 0) {
    const base = existing.trimEnd();
    return base === '' ? `${block}\n` : `${base}\n\n${block}\n`;
  }
  if (start < 0 || end < start) {
    throw new FlagstoreError(
      'invalid',
      'the file has an unmatched flagstore section marker; fix the markers by hand',
      {
        details: { start: SECTION_START, end: SECTION_END },
      },
    );
  }
  return existing.slice(0, start) + block + existing.slice(end + SECTION_END.length);
}
