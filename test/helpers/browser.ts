// Browser journeys: the real server on a free port (fresh demo database), driven by Debian's Chromium.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { AppContext } from '../../src/container.ts';
import { buildApp } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { createTestContext } from './db.ts';
import { freePort } from '../../src/core/net.ts';

export const CHROMIUM = '/usr/bin/chromium';


export interface BrowserServer {
  baseUrl: string;
  ctx: AppContext;
  browser: Browser;
  newPage(): Promise<Page>;
}

export async function startBrowserServer(): Promise<BrowserServer> {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  // BASE_URL must match the listening port (links in e-mails), so the port is chosen first.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const ctx = await createTestContext({ demo: true, config: { BASE_URL: baseUrl } });
  const app = await buildApp(ctx, modules, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  after(async () => {
    await browser.close();
    await app.close();
  });
  return {
    baseUrl,
    ctx,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'vi-VN', viewport: { width: 390, height: 800 } });
      return context.newPage();
    },
  };
}

/** axe-core on the current page: no serious or critical WCAG 2.x A/AA violation. */
export async function assertAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`),
    [],
    `accessibility violations on ${page.url()}`,
  );
}
