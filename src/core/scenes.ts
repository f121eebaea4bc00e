/**
 * Claude Code's example scenes: `<example>Context: ... user: "..." assistant: "..."</example>`
 * blocks that its generated descriptions carry. Pure: no I/O.
 */

/**
 * A line that opens a bare scene (unindented: an indented line continues the field above), and a
 * line that closes one (front matter read line by line).
 */
export const SCENE_OPEN = /^<example>/i;
export const SCENE_CLOSE = /<\/example>/i;

/** A Claude Code description's example scenes (`Examples: <example>...</example>`), label included. */
const EXAMPLE_SCENE = /(?:\bexamples?\s*:\s*)?<example>[\s\S]*?<\/example>/gi;

/**
 * An assistant's reply in a scene, up to the next user line, commentary or the scene's end: it
 * names the agent and retells the request ("Let me use the code-reviewer agent to check the
 * endpoint"), so it adds words, not requests (round 42).
 */
const ASSISTANT_REPLY = /\bassistant\s*:[\s\S]*?(?=\buser\s*:|<commentary>|<\/example>)/gi;

/**
 * A description's own sentences, and its example scenes less the assistant's replies. A scene
 * tells a situation and a user's words, often about another module's work ("after the login
 * endpoint is written, use the code reviewer"), so its words are indexed as prompt text, not as
 * the description: on real projects' agent folders that kept 10 more of 190 of the authors' own
 * requests with their agent (docs/catalog.md, "Real projects"); listings show the sentences only.
 */
export function descriptionParts(description: string): { prose: string; scenes: string } {
  const scenes = description.match(EXAMPLE_SCENE) ?? [];
  if (scenes.length === 0) return { prose: description, scenes: '' };
  const told = scenes.map((scene) => scene.replace(ASSISTANT_REPLY, ' '));
  return { prose: description.replace(EXAMPLE_SCENE, ' ').trim(), scenes: told.join('\n') };
}
