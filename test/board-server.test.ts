import { readFileSync } from 'node:fs';
/** The board server over plain HTTP: loopback only, read-only, Host checked, strict CSP. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boardFixture,
  startBoardProcess,
  type BoardFixture,
  type BoardProcess,
} from './board-fixture.js';
import { cli, createFlag } from './helpers.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(
  port: number,
  path: string,
  options: { host?: string; method?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let fixture: BoardFixture;
let board: BoardProcess;

beforeAll(async () => {
  fixture = await boardFixture();
  board = await startBoardProcess(fixture.repo);
});

afterAll(async () => {
  await board?.stop();
});

describe('flagstore board (HTTP)', () => {
  it('listens on 127.0.0.1 and serves the page under a strict CSP', async () => {
    expect(board.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // The socket itself listens on the loopback address only (/proc/net/tcp: 0100007F:port).
    const port = board.port.toString(16).toUpperCase().padStart(4, '0');
    const sockets = readFileSync('/proc/net/tcp', 'utf8').split('\n');
    const listening = sockets.filter((l) => l.includes(`:${port} `) && / 0A /.test(l));
    expect(listening.map((l) => l.trim().split(/\s+/)[1])).toEqual([`0100007F:${port}`]);
    const page = await get(board.port, '/', { host: `localhost:${board.port}` });
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script>[^<]/);
    expect((await get(board.port, '/board.js')).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) and a wrong port in it', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${board.port}`,
      `127.0.0.1:${board.port + 1}`,
    ]) {
      const reply = await get(board.port, '/api/board', { host });
      expect(reply.status).toBe(403);
      expect(reply.body).not.toContain(fixture.critical);
    }
    expect((await get(board.port, '/api/board', { host: `[::1]:${board.port}` })).status).toBe(200);
  });

  it('has no write endpoint: every other method is refused and nothing changes', async () => {
    const before = await cli(fixture.repo, ['--json', 'list', '--status', 'all']);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      expect((await get(board.port, '/api/board', { method })).status).toBe(405);
      expect((await get(board.port, `/api/flag/${fixture.critical}`, { method })).status).toBe(405);
    }
    const after = await cli(fixture.repo, ['--json', 'list', '--status', 'all']);
    expect(after.stdout).toBe(before.stdout);
  });

  it('serves the board data, one flag with its chain and history, and a changing token', async () => {
    const data = JSON.parse((await get(board.port, '/api/board')).body);
    expect(data.rows[0].id).toBe(fixture.critical);
    expect(data.invalid.map((f: { path: string }) => f.path)).toContain(fixture.invalidPath);
    const view = JSON.parse((await get(board.port, `/api/flag/${fixture.answer}`)).body);
    expect(view.chain.map((r: { id: string }) => r.id)).toEqual([fixture.question, fixture.answer]);
    expect(view.history[0].kind).toBe('created');
    expect((await get(board.port, '/api/flag/01ARZ3NDEKTSV4RRFFQ69G5FAA')).status).toBe(404);
    const token = JSON.parse((await get(board.port, '/api/token')).body).token;
    await createFlag(fixture.repo, '@frontend.web', 'change', '--to', '@backend.api');
    await new Promise((r) => setTimeout(r, 1100));
    expect(JSON.parse((await get(board.port, '/api/token')).body).token).not.toBe(token);
  });

  it("serves a flag made within the token's second (a link to a flag just created)", async () => {
    await new Promise((r) => setTimeout(r, 1100));
    await get(board.port, '/api/board');
    const id = await createFlag(fixture.repo, '@frontend.web', 'change', '--to', '@backend.api');
    const res = await get(board.port, `/api/flag/${id}`);
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body).flag.id).toBe(id);
  });
});
