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
import { startPaymentPlatformSimulator, type PaymentPlatformSimulator } from '../../src/simulators/payment-platform.ts';
import { startPostalSimulator, type PostalSimulator } from '../../src/simulators/postal.ts';

export const CHROMIUM = '/usr/bin/chromium';


export interface BrowserServer {
  baseUrl: string;
  ctx: AppContext;
  browser: Browser;
  /** The payment platform simulator (its own HTTP server), when asked for. */
  payment: PaymentPlatformSimulator | null;
  /** The postal service simulator (its own HTTP server, with its control page), when asked for. */
  postal: PostalSimulator | null;
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  /** A new browser context signed in as `username` (demo password) through the login page. */
  signIn(username: string, options?: { width?: number; height?: number }): Promise<Page>;
}

export interface BrowserServerOptions {
  /** Start the payment platform simulator and point the server's adapter at it (with a VietQR account). */
  payment?: boolean;
  /** Start the postal service simulator and point the server's adapter at it. */
  postal?: boolean;
  /** Further settings (environment names), after those above. */
  config?: Record<string, string>;
}

/** The real server on a free port (fresh demo database), the simulators asked for, and Chromium; all closed after the file. */
export async function startBrowserServer(options: BrowserServerOptions = {}): Promise<BrowserServer> {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  // BASE_URL must match the listening port (links in e-mails), so the port is chosen first.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const payment = options.payment ? await startPaymentPlatformSimulator() : null;
  const postalSecret = 'e2e-postal-webhook-secret-0123456789';
  const postal = options.postal ? await startPostalSimulator({ secret: postalSecret, token: 'e2e-token' }) : null;
  const config: Record<string, string> = { BASE_URL: baseUrl };
  if (payment) {
    Object.assign(config, { PAYMENT_PLATFORM_URL: payment.url, PAYMENT_MERCHANT_CODE: payment.merchantCode, PAYMENT_MERCHANT_SECRET: payment.secret, VIETQR_BANK_BIN: '970436', VIETQR_ACCOUNT: '0011001234567' });
  }
  if (postal) Object.assign(config, { POSTAL_URL: postal.url, POSTAL_TOKEN: 'e2e-token', POSTAL_WEBHOOK_SECRET: postalSecret });
  const ctx = await createTestContext({ demo: true, config: { ...config, ...options.config } });
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
    await payment?.close();
    await postal?.close();
  });
  const newPage = async (size: { width?: number; height?: number } = {}) => {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'vi-VN', viewport: { width: size.width ?? 390, height: size.height ?? 800 } });
    return context.newPage();
  };
  return {
    baseUrl,
    ctx,
    browser,
    payment,
    postal,
    newPage,
    async signIn(username, size) {
      const page = await newPage(size);
      await page.goto('/dang-nhap');
      await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill(username);
      await page.getByLabel('Mật khẩu').fill('Demo@2026');
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
      return page;
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
