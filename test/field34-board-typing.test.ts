/**
 * The board as a user meets it, in a real Chromium. Typing in the search box while agents write
 * flags: the page
 * redraws itself whenever a flag changes; it used to replace the search box each time, so a
 * half-typed search vanished and the keyboard focus fell to the page (after Enter too), and the
 * box filtered only on Enter or leaving it. It now filters as one types and keeps the box, its
 * text and the caret across every redraw. And a phone-wide window: the from → to column never
 * wrapped, so the table pushed the page sideways and the change text sat off screen. And paging
 * by keyboard: the pager's buttons were redrawn unlabelled, so after "next ›" the focus fell to
 * the page and a second Enter did nothing.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boardFixture,
  findChromium,
  launchChromium,
  startBoardProcess,
  untilServed,
  type BoardFixture,
  type BoardProcess,
} from './board-fixture.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFlag, flagText } from './helpers.js';

const CHROMIUM = findChromium();
// How long a poll waits for the page to show a change: expect.poll's 1 s default is less than a
// loaded 2-core machine takes (the pager test first waits for the board to serve its new files).
const SETTLE = { timeout: 20_000 };
let fixture: BoardFixture;
let board: BoardProcess;
let browser: Browser;

const focused = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

describe.skipIf(CHROMIUM === null)('the board search box in Chromium', () => {
  beforeAll(async () => {
    fixture = await boardFixture();
    board = await startBoardProcess(fixture.repo);
    browser = await launchChromium(CHROMIUM as string);
  });

  afterAll(async () => {
    await browser?.close();
    await board?.stop();
  });

  it('filters as one types and keeps the text and focus while flags change', async () => {
    const page = await browser.newPage();
    await page.goto(board.url);
    await page.waitForSelector('body[data-ready="true"]');
    const rows = page.locator('section.list tr.flag-row');
    const all = await rows.count();
    await page.focus('input[aria-label="search"]');
    await page.keyboard.type('@service.au');
    await expect.poll(() => rows.count(), SETTLE).toBeLessThan(all);
    const id = await createFlag(fixture.repo, '@service.auth', 'change', '--to', '@backend.api');
    await page.waitForSelector(`section.list tr.flag-row[data-id="${id}"]`, { timeout: 15_000 });
    expect(await page.inputValue('input[aria-label="search"]')).toBe('@service.au');
    expect(await focused(page)).toBe('search');
    await page.keyboard.type('th');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('input[aria-label="search"]')).toBe('@service.auth');
    expect(await focused(page)).toBe('search');
    await page.close();
  });

  it('fits a phone-wide window without scrolling sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(board.url);
    await page.waitForSelector('body[data-ready="true"]');
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1] as number);
    await page.close();
  });

  it('keeps the focus on the pager button it pressed, so Enter pages on', async () => {
    for (let i = 0; i < 110; i++) {
      const id = `01M8583HZAQ7X2KD4M9RT${String(i).padStart(5, '0')}`;
      writeFileSync(join(fixture.repo, 'flags', `${id}.md`), flagText(id));
    }
    await untilServed(new URL('api/board', board.url).href, '01M8583HZAQ7X2KD4M9RT00109');
    const page = await browser.newPage();
    await page.goto(board.url);
    await page.waitForSelector('body[data-ready="true"]');
    const counter = page.locator('section.list .pager-count');
    await expect.poll(() => counter.textContent(), SETTLE).toMatch(/^1–50 of 1\d\d$/);
    await page.locator('section.list button', { hasText: 'next' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => counter.textContent(), SETTLE).toMatch(/^51–100 /);
    await page.keyboard.press('Enter');
    await expect.poll(() => counter.textContent(), SETTLE).toMatch(/^101–/);
    await page.close();
  });
});
