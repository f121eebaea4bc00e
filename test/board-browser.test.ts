/**
 * The board in a real headless Chromium (the system's package, driven by playwright-core): every
 * view renders, a new flag appears without a reload, hostile text stays text, and the static
 * report works under its own CSP. FLAGSTORE_SCREENSHOTS=1 saves screenshots into docs/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  boardFixture,
  findChromium,
  launchChromium,
  HOSTILE,
  startBoardProcess,
  untilServed,
  type BoardFixture,
  type BoardProcess,
} from './board-fixture.js';
import { cli, createFlag } from './helpers.js';

const CHROMIUM = findChromium();
const DOCS = resolve(import.meta.dirname, '..', 'docs');
const SHOTS = process.env.FLAGSTORE_SCREENSHOTS === '1';

if (CHROMIUM === null)
  console.warn(
    'board browser tests skipped: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)',
  );

let fixture: BoardFixture;
let board: BoardProcess;
let browser: Browser;
/**
 * The pages a test opened, closed after it: a live board page polls the board's change token and
 * renders every change, so a page left open keeps its renderer busy through the later tests.
 */
const opened: Page[] = [];

/** A new page that records dialogs, page errors and CSP violations. */
async function newPage(): Promise<{ page: Page; incidents: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  opened.push(page);
  const incidents: string[] = [];
  page.on('dialog', (d) => {
    incidents.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => incidents.push(`error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') incidents.push(`console: ${m.text()}`);
  });
  return { page, incidents };
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(DOCS, name), fullPage: false });
}

describe.skipIf(CHROMIUM === null)('the board in Chromium', () => {
  beforeAll(async () => {
    fixture = await boardFixture();
    board = await startBoardProcess(fixture.repo);
    browser = await launchChromium(CHROMIUM as string);
  });

  afterEach(async () => {
    for (const page of opened.splice(0)) await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await board?.stop();
  });

  it('renders every view: flags, critical first, agents graph, chains, invalid files, one flag', async () => {
    const { page, incidents } = await newPage();
    await open(page, board.url);
    const urgent = page.locator('section.urgent tr.flag-row');
    expect(await urgent.first().getAttribute('data-id')).toBe(fixture.critical);
    expect(await page.locator('section.list tr.flag-row').count()).toBe(7);
    await page.click(`a[data-view="agents"]`);
    await page.waitForSelector('svg.graph .node');
    expect(await page.locator('svg.graph .node').count()).toBe(4);
    expect(await page.locator('svg.graph .edge').count()).toBeGreaterThan(2);
    expect(await page.locator('svg.graph .node.bottleneck').getAttribute('data-handle')).toBe(
      '@frontend.web',
    );
    await shot(page, 'board-agents.png');
    await page.click(`a[data-view="chains"]`);
    const chain = page.locator(`.chain-card[data-origin="${fixture.question}"] tr.flag-row`);
    // The view changes on the hash's change event, after the click returns: count once it shows.
    await chain.first().waitFor();
    expect(await chain.count()).toBe(2);
    await page.click(`a[data-view="invalid"]`);
    expect(await page.locator('.invalid-file h3').first().textContent()).toBe(fixture.invalidPath);
    // Each problem names its field once, as validate and check do.
    const problems = await page.locator('.invalid-file li').allTextContents();
    expect(problems.some((t) => t.includes('flag_type must be one of'))).toBe(true);
    expect(problems.filter((t) => /\b(\w+): \1 /.test(t))).toEqual([]);
    await page.goto(`${board.url}#/flag/${fixture.answer}`);
    const detail = page.locator(`aside.detail[data-id="${fixture.answer}"]`);
    await detail.waitFor();
    expect(await detail.locator('ol.chain li').count()).toBe(2);
    expect(await detail.locator('table.history tbody tr').first().textContent()).toContain(
      'created',
    );
    await page.goto(`${board.url}#/flag/${fixture.critical}`);
    await page.locator(`aside.detail[data-id="${fixture.critical}"]`).waitFor();
    await shot(page, 'board.png');
    expect(incidents).toEqual([]);
  });

  it('shows a flag created from the CLI without a reload', async () => {
    const { page } = await newPage();
    await open(page, board.url);
    await page.evaluate(
      () => ((window as unknown as { sameDocument: boolean }).sameDocument = true),
    );
    const id = await createFlag(fixture.repo, '@service.auth', 'change', '--to', '@backend.api');
    await page.waitForSelector(`section.list tr.flag-row[data-id="${id}"]`, { timeout: 15_000 });
    expect(
      await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
    ).toBe(true);
  });

  it('renders flag text holding <script> and <img onerror> as text, running nothing', async () => {
    const { page, incidents } = await newPage();
    await open(page, `${board.url}#/flag/${fixture.hostile}`);
    const detail = page.locator(`aside.detail[data-id="${fixture.hostile}"]`);
    await detail.waitFor();
    expect(await detail.locator('pre.text').first().textContent()).toBe(HOSTILE);
    const title = page.locator(`section.list tr.flag-row[data-id="${fixture.hostile}"] td.title`);
    expect(await title.textContent()).toBe(HOSTILE);
    expect(await page.locator('#board img, #board script').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(incidents).toEqual([]);
  });

  it('report --html: one static file with the same views, under its own CSP, offline', async () => {
    const out = join(fixture.repo, 'report.html');
    const res = await cli(fixture.repo, ['report', '--html', '-o', out]);
    expect(res.code).toBe(0);
    const { page, incidents } = await newPage();
    await page.route(/^https?:/, (route) => route.abort());
    await open(page, `${pathToFileURL(out).href}#/flag/${fixture.hostile}`);
    await page.locator(`aside.detail[data-id="${fixture.hostile}"] table.history`).waitFor();
    expect(await page.locator('section.urgent tr.flag-row').first().getAttribute('data-id')).toBe(
      fixture.critical,
    );
    await page.click(`a[data-view="agents"]`);
    await page.waitForSelector('svg.graph .node.bottleneck');
    await page.click(`a[data-view="invalid"]`);
    // As in the chains view: the view shows after the click returns, so count once it does.
    await page.locator('.invalid-file').first().waitFor();
    expect(await page.locator('.invalid-file').count()).toBe(1);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(incidents).toEqual([]);
  });
  it('shows a hand-edited flag holding U+202E and ESC without them (dom.ts sanitises)', async () => {
    const id = await createFlag(fixture.repo, '@service.auth', 'change', '--to', '@backend.api');
    const path = join(fixture.repo, 'flags', `${id}.md`);
    const text = readFileSync(path, 'utf8');
    const edited = text.replace('preferences', 'pref\u202eerences \u001b[31mRED');
    expect(edited).not.toBe(text);
    writeFileSync(path, edited);
    // The board takes its change token at most once a second: wait until it serves the edit.
    await untilServed(new URL(`api/flag/${id}`, board.url).href, 'RED');
    const { page, incidents } = await newPage();
    await open(page, `${board.url}#/flag/${id}`);
    const detail = page.locator(`aside.detail[data-id="${id}"]`);
    await detail.waitFor();
    const shown = (await detail.textContent()) ?? '';
    expect(shown).toContain('preferences [31mRED');
    const title = page.locator(`section.list tr.flag-row[data-id="${id}"] td.title`);
    const listed = (await title.textContent()) ?? '';
    for (const held of ['\u202e', '\u001b']) {
      expect(shown).not.toContain(held);
      expect(listed).not.toContain(held);
    }
    expect(incidents).toEqual([]);
  });
});
