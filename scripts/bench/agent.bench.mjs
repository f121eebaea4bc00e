// The agent's side (issue 12): what an agent reads, in characters and approximate tokens
// (characters / 4), and how long an MCP page takes. Sizes are what matter here: an agent pays
// for every character in its context.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawnSync } from 'node:child_process';
import { mcpGuide, mcpInstructions } from '../../dist/agent/mcp-text.js';
import { protocolText } from '../../dist/agent/protocol.js';
import { generateFlags } from './flags.bench.mjs';
import { BIN, makeRepo, measure } from './lib.mjs';

const AGENT = '@backend.api';
const FLAGS = 2_000;

const size = (text) => `${text.length} chars, ~${Math.ceil(text.length / 4)} tokens`;

function briefOf(repo, extra) {
  const res = spawnSync(process.execPath, [BIN, 'brief', '--agent', AGENT, ...extra], {
    cwd: repo,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return res.stdout;
}

async function pageRows(repo) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', '--by', AGENT],
      cwd: repo,
    }),
  );
  await client.listTools();
  const call = () => client.callTool({ name: 'get_pending_flags', arguments: { limit: 100 } });
  const page = await call();
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await client.close();
  times.sort((a, b) => a - b);
  return [
    {
      name: 'MCP get_pending_flags, page of 100: structuredContent (what Claude Code gives the model)',
      value: size(JSON.stringify(page.structuredContent)),
      target: '< 8k tokens',
    },
    {
      name: 'MCP get_pending_flags, page of 100: text content',
      value: size(page.content[0].text),
      target: '< 8k tokens',
    },
    {
      name: `MCP get_pending_flags, page of 100 of ${FLAGS} flags (warm, one server)`,
      median: times[2],
      runs: 5,
      min: times[0],
      max: times[4],
    },
  ];
}

/** The bench section. */
export default async function agentBench({ progress }) {
  progress(`generating ${FLAGS} flags`);
  const repo = makeRepo();
  generateFlags(repo, FLAGS);
  const short = briefOf(repo, []);
  const all = briefOf(repo, ['--all']);
  const timing = measure({ runs: 5, fn: () => briefOf(repo, []) });
  const rows = [
    { name: 'protocol text (instructions --agent @backend.api)', value: size(protocolText(AGENT)) },
    { name: 'MCP server instructions', value: size(mcpInstructions()), target: '<= 2,000 chars' },
    { name: 'MCP protocol guide resource', value: size(mcpGuide()) },
    {
      name: `brief for one agent, ${FLAGS} flags (default)`,
      value: `${short.split('\n').length} lines, ${size(short)}`,
    },
    {
      name: `brief --all, same agent (for scale)`,
      value: `${all.split('\n').length} lines, ${size(all)}`,
    },
    { name: `brief, ${FLAGS} flags (new process)`, ...timing },
    ...(await pageRows(repo)),
  ];
  return {
    title: "The agent's side (issue 12)",
    note: 'Tokens are approximated as characters / 4. Flags are generated files (80% pending, five agents).',
    rows,
  };
}
