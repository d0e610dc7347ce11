// Payment HTTP tests: the demo application (app.inject) against the payment platform simulator, a separate HTTP
// server whose server-to-server callbacks are delivered to the application in-process; the demo citizen signed in.
import { after } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Actor } from '../../src/core/actor.ts';
import { startPaymentPlatformSimulator, type PaymentPlatformSimulator } from '../../src/simulators/payment-platform.ts';
import { createTestApp, login, type Session, type TestApp } from './app.ts';
import { actorByUsername } from './dossiers.ts';

/** The server's settings for the platform simulator `sim` (merchant and its secret), with a VietQR account. */
export function paymentConfig(sim: PaymentPlatformSimulator): Record<string, string> {
  return { PAYMENT_PLATFORM_URL: sim.url, PAYMENT_MERCHANT_CODE: sim.merchantCode, PAYMENT_MERCHANT_SECRET: sim.secret, VIETQR_BANK_BIN: '970436', VIETQR_ACCOUNT: '0011001234567' };
}

export interface PaymentsTestApp {
  sim: PaymentPlatformSimulator;
  t: TestApp;
  /** demo.congdan signed in, and as an actor. */
  citizen: Session;
  citizenActor: Actor;
  /** demo.motcua. */
  reception: Actor;
  /** The payment orders of a dossier, oldest first. */
  orders(dossierId: string): ReturnType<typeof paymentOrders>;
  /** The platform's callback, posted as the platform posts it (form fields). */
  callback(payload: Record<string, string>): Promise<LightMyRequestResponse>;
}

function paymentOrders(t: TestApp, dossierId: string) {
  return t.ctx.db.selectFrom('payment_orders').selectAll().where('dossier_id', '=', dossierId).orderBy('created_at').execute();
}

/** The demo application configured for the platform simulator; both closed after the file. */
export async function createPaymentsTestApp(): Promise<PaymentsTestApp> {
  const sim = await startPaymentPlatformSimulator();
  after(() => sim.close());
  const t = await createTestApp({ demo: true, config: paymentConfig(sim) });
  // The simulator's server-to-server callbacks reach the application in-process.
  sim.setSender(async (url, body) => (await t.app.inject({ method: 'POST', url: new URL(url).pathname, payload: body })).statusCode);
  return {
    sim,
    t,
    citizen: await login(t.app, 'demo.congdan'),
    citizenActor: await actorByUsername(t.ctx, 'demo.congdan'),
    reception: await actorByUsername(t.ctx, 'demo.motcua'),
    orders: (dossierId) => paymentOrders(t, dossierId),
    callback: (payload) => t.app.inject({ method: 'POST', url: '/api/payments/callback', payload }),
  };
}
