/**
 * `flagstore board`'s HTTP server: on 127.0.0.1 only, read-only (GET and HEAD), refusing any Host
 * header but its own loopback names (DNS rebinding), every response under a strict CSP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Workspace } from '../services/workspace.js';
import { LIVE_CSP, livePage, loadAssets } from './assets.js';
import { BoardState } from './state.js';

/** A running board server. */
export interface RunningBoard {
  url: string;
  port: number;
  server: Server;
  close: () => Promise<void>;
}

/** Where the board listens: a port (0 = any free one). */
export interface BoardOptions {
  port?: number;
}

const HEADERS = {
  'Content-Security-Policy': LIVE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** The Host headers a browser sends to this server when it really is this server. */
export function allowedHosts(port: number): string[] {
  return ['localhost', '127.0.0.1', '[::1]'].map((name) => `${name}:${port}`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...HEADERS, 'Content-Type': `${type}; charset=utf-8` });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

type Route = (state: BoardState, path: string) => Promise<[number, string, string]>;

const json = (value: unknown, status = 200): [number, string, string] => [
  status,
  'application/json',
  JSON.stringify(value),
];

const ROUTES: Record<string, Route> = {
  '/': async () => [200, 'text/html', livePage()],
  '/board.js': async () => [200, 'text/javascript', loadAssets().script],
  '/board.css': async () => [200, 'text/css', loadAssets().style],
  '/api/token': async (state) => json({ token: await state.token() }),
  '/api/board': async (state) => [200, 'application/json', await state.boardJson()],
};

async function route(state: BoardState, path: string): Promise<[number, string, string]> {
  const fixed = ROUTES[path];
  if (fixed !== undefined) return fixed(state, path);
  const flag = /^\/api\/flag\/([0-9A-Za-z]{26})$/.exec(path);
  if (flag !== null) {
    const view = await state.flag(flag[1] as string);
    return view === null ? json({ error: 'no such flag' }, 404) : json(view);
  }
  return json({ error: 'not found' }, 404);
}

async function handle(
  state: BoardState,
  port: () => number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!allowedHosts(port()).includes(req.headers.host ?? '')) {
    return sendJson(res, 403, { error: 'this board answers only to localhost (Host refused)' });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendJson(res, 405, { error: 'the board is read-only' });
  }
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  try {
    const [status, type, body] = await route(state, path);
    send(res, status, type, body);
  } catch (error) {
    sendJson(res, 500, { error: (error as Error).message });
  }
}

/** Starts the board on 127.0.0.1 and resolves once it listens. */
export async function startBoard(ws: Workspace, options: BoardOptions = {}): Promise<RunningBoard> {
  loadAssets();
  const state = new BoardState(ws);
  let port = 0;
  const server = createServer((req, res) => void handle(state, () => port, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Build the board now, so that the first page load finds it ready.
  state.snapshot().catch(() => undefined);
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${port}/`, port, server, close };
}
