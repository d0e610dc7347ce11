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
import { recordConformance } from './openapi-conformance.ts';
import { paymentConfig } from './payments.ts';
import { postalConfig } from './postal.ts';
import { freePort } from '../../src/core/net.ts';
import { startPaymentPlatformSimulator, type PaymentPlatformSimulator } from '../../src/simulators/payment-platform.ts';
import { startPostalSimulator, type PostalSimulator } from '../../src/simulators/postal.ts';
import { startNationalPortalSimulator, type NationalPortalSimulator, type PortalProcedure } from '../../src/simulators/national-portal.ts';
import { startDataSharingSimulator, type DataSharingSimulator } from '../../src/simulators/data-sharing.ts';
import type { VneidSimulator } from '../../src/simulators/vneid.ts';

export const CHROMIUM = '/usr/bin/chromium';


export interface BrowserServer {
  baseUrl: string;
  ctx: AppContext;
  browser: Browser;
  /** The payment platform simulator (its own HTTP server), when asked for. */
  payment: PaymentPlatformSimulator | null;
  /** The postal service simulator (its own HTTP server, with its control page), when asked for. */
  postal: PostalSimulator | null;
  /** The National Public Service Portal simulator (its own HTTP server: citizens' form, tracking pages), when asked for. */
  nationalPortal: NationalPortalSimulator | null;
  /** The data-sharing platform simulator (population database, business registry), when asked for. */
  dataSharing: DataSharingSimulator | null;
  /** The VNeID simulator (an OpenID provider with its own sign-in page), when asked for. */
  vneid: VneidSimulator | null;
  /** A new browser context (390 × 800 unless told) on our server, or on `baseURL` (a simulator's pages). */
  newPage(options?: { width?: number; height?: number; baseURL?: string }): Promise<Page>;
  /** A new browser context signed in as `username` (demo password) through the login page. */
  signIn(username: string, options?: { width?: number; height?: number }): Promise<Page>;
}

export interface BrowserServerOptions {
  /** Start the payment platform simulator and point the server's adapter at it (with a VietQR account). */
  payment?: boolean;
  /** Start the postal service simulator and point the server's adapter at it. */
  postal?: boolean;
  /**
   * Start the National Public Service Portal simulator, delivering to our inbound endpoint, and point the server's
   * adapter at it; `procedures`: those its citizens' form offers.
   */
  nationalPortal?: boolean | { procedures?: PortalProcedure[] };
  /** Start the data-sharing platform simulator and point the server's client at it (client credentials). */
  dataSharing?: boolean;
  /** Start the VNeID simulator with our server (its port) as the registered client, and point the relying party at it. */
  vneid?: boolean;
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
  if (payment) Object.assign(config, paymentConfig(payment));
  if (postal) Object.assign(config, postalConfig(postal.url, postalSecret, 'e2e-token'));
  const nationalPortal = options.nationalPortal
    ? await startNationalPortalSimulator({
        agencyUrl: `${baseUrl}/api/national-portal/dossiers`,
        inboundToken: 'e2e-national-portal-token-0123456789',
        username: 'motcua.e2e',
        password: 'e2e-password',
        procedures: options.nationalPortal === true ? [] : options.nationalPortal.procedures,
      })
    : null;
  if (nationalPortal) {
    Object.assign(config, { NATIONAL_PORTAL_URL: nationalPortal.url, NATIONAL_PORTAL_USERNAME: nationalPortal.username, NATIONAL_PORTAL_PASSWORD: nationalPortal.password, NATIONAL_PORTAL_INBOUND_TOKEN: nationalPortal.inboundToken });
  }
  const dataSharing = options.dataSharing ? await startDataSharingSimulator({ clientId: 'opendvc-e2e', clientSecret: 'e2e-data-sharing-secret' }) : null;
  if (dataSharing) Object.assign(config, { DATA_SHARING_URL: dataSharing.url, DATA_SHARING_CLIENT_ID: dataSharing.clientId, DATA_SHARING_CLIENT_SECRET: dataSharing.clientSecret });
  // The OpenID provider (oidc-provider) is loaded only by the journeys that ask for it; its redirect URIs name our port.
  const vneid = options.vneid
    ? await (await import('../../src/simulators/vneid.ts')).startVneidSimulator({ baseUrl, clientId: 'opendvc-e2e', clientSecret: 'e2e-vneid-client-secret-0123456789' })
    : null;
  if (vneid) Object.assign(config, { VNEID_ISSUER_URL: vneid.url, VNEID_CLIENT_ID: vneid.clientId, VNEID_CLIENT_SECRET: vneid.clientSecret });
  const ctx = await createTestContext({ demo: true, config: { ...config, ...options.config } });
  const app = await buildApp(ctx, modules, { logger: false });
  // The /api answers the browser gets are checked against the OpenAPI document too (test/helpers/openapi-conformance.ts).
  recordConformance(app);
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
    await nationalPortal?.close();
    await dataSharing?.close();
    await vneid?.close();
  });
  const newPage = async (size: { width?: number; height?: number; baseURL?: string } = {}) => {
    const context = await browser.newContext({ baseURL: size.baseURL ?? baseUrl, locale: 'vi-VN', viewport: { width: size.width ?? 390, height: size.height ?? 800 } });
    return context.newPage();
  };
  return {
    baseUrl,
    ctx,
    browser,
    payment,
    postal,
    nationalPortal,
    dataSharing,
    vneid,
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
  // Legacy mode: axe.run in the page itself. The default (runPartial per frame, then finishRun in a new blank page
  // with axe injected again) costs a page and a second injection per check; our pages have no cross-origin frames,
  // so the result is the same. Only violations are collected (resultTypes): the passes are not read.
  const result = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`),
    [],
    `accessibility violations on ${page.url()}`,
  );
}

/**
 * Waits until the element with `className` has the focus (a deferred script moves it). Polled from the test with
 * `page.evaluate` of a string — sent over CDP, so the pages' CSP (no 'unsafe-eval') does not apply — rather than
 * `page.waitForFunction` of a string, which evaluates inside the page and is refused by that CSP when it polls.
 */
export async function waitForFocus(page: Page, className: string, timeoutMs = 10_000): Promise<void> {
  const check = `!!document.activeElement && document.activeElement.classList.contains(${JSON.stringify(className)})`;
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(check))) {
    assert.ok(Date.now() < deadline, `.${className} gets the focus within ${timeoutMs} ms`);
    await page.waitForTimeout(50);
  }
}
