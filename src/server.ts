// `opendvc serve` / `npm start`: database, demo data on first start, HTTP server, workers, clean shutdown.
import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import { createContext } from './container.ts';
import { buildApp } from './http/app.ts';
import { createQueue, startWorkers } from './jobs.ts';
import { jobs } from './modules/jobs.ts';
import { modules } from './modules/index.ts';
import { openDatabase } from './runtime.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';
import { DEMO_FEE_PROCEDURE, seedDemoFees } from './seed/fees.ts';
import { startSmsSimulator } from './simulators/sms.ts';
import { startPaymentPlatformSimulator } from './simulators/payment-platform.ts';
import { startPostalSimulator } from './simulators/postal.ts';
import { DEMO_ACCOUNT_LIST, DEMO_PASSWORD } from './modules/identity/identity.routes.ts';

export async function serve(config: Config): Promise<void> {
  // A supervisor that closed our stdout (EPIPE) must not turn the shutdown message into a crash.
  process.stdout.on('error', () => {});
  const log = (msg: string) => process.stdout.write(`[opendvc] ${msg}\n`);
  const database = await openDatabase(config, log);
  // Demo mode is a setting (DEMO; on by default with the embedded PostgreSQL), never inferred from the data.
  const demo = config.demo;
  if (demo && !config.databaseUrl && (await isEmpty(database.db))) {
    log('first start: loading demo data');
    const seedCtx = createContext(config, database.db);
    await seedDemo(seedCtx, log);
    if (await seedDemoFees(seedCtx)) log(`demo fees: procedure ${DEMO_FEE_PROCEDURE} charges its lệ phí online`);
  }
  // The demo without an SMS gateway sends its SMS, through the real adapter, to the gateway simulator.
  const smsSimulator = demo && !config.smsUrl ? await startSmsSimulator({ token: randomBytes(18).toString('base64url') }) : null;
  if (smsSimulator) config = { ...config, smsUrl: smsSimulator.url, smsToken: smsSimulator.token };
  // The demo without PAYMENT_PLATFORM_URL pays through the real adapter at the payment platform simulator (its
  // own server and pages), with a merchant code and secret generated for this run; VietQR to a demo account.
  const paymentSimulator = demo && !config.payment ? await startPaymentPlatformSimulator() : null;
  if (paymentSimulator) config = { ...config, payment: { url: paymentSimulator.url, merchantCode: paymentSimulator.merchantCode, secret: paymentSimulator.secret } };
  if (demo && !config.vietqr) config = { ...config, vietqr: { bankBin: '970436', account: '0011001234567', accountName: 'KHO BAC NHA NUOC (DEMO)' } };
  // Likewise the public postal service: shipments go to its simulator, whose control page sends the tracking webhooks.
  const postalSimulator =
    demo && !config.postalUrl ? await startPostalSimulator({ token: randomBytes(18).toString('base64url'), secret: config.postalWebhookSecret ?? randomBytes(24).toString('base64url') }) : null;
  if (postalSimulator) config = { ...config, postalUrl: postalSimulator.url, postalToken: postalSimulator.token, postalWebhookSecret: postalSimulator.secret };
  const ctx = createContext(config, database.db, { demo, smsSimulator, postalSimulatorUrl: postalSimulator?.url ?? null });
  if (demo) {
    // The demo CA and the Copyright Office's certificate are made now (RSA keys), not by the first signature.
    try {
      await ctx.services.results.pki.ensureCa();
      const office = await database.db.selectFrom('agencies').select(['id', 'name']).where('code', '=', '000.00.12.G14').executeTakeFirst();
      if (office) await ctx.services.results.pki.signer(office);
    } catch (error) {
      log(`demo signing keys not ready (${error instanceof Error ? error.message : String(error)}); made on first signature`);
    }
  }
  const app = await buildApp(ctx, modules);
  let stopping = false;
  const boss = createQueue(database.url);
  // While stopping, PostgreSQL closing the queue's idle connections is expected.
  boss.on('error', (error) => {
    if (!stopping) app.log.error({ err: error }, 'queue error');
  });
  await boss.start();
  await startWorkers(boss, ctx, jobs, (msg) => app.log.info(msg));

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: draining requests and stopping`);
    // Past 20 s the process exits anyway (1); the embedded PostgreSQL is then stopped by its exit handler.
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      // The requests in flight finish (their connections stay open, src/http/app.ts: forceCloseConnections); each
      // keep-alive connection is ended as soon as its last response is sent, not after the keep-alive timeout.
      const closing = app.close();
      const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
      await closing.finally(() => clearInterval(reaper));
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
      await smsSimulator?.close();
      await paymentSimulator?.close();
      await postalSimulator?.close();
      await database.close();
      log('stopped cleanly');
      process.exit(0);
    } catch (error) {
      log(`shutdown error: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  // SIGHUP (the terminal closed) stops the same way; without these handlers src/db/embedded.ts would exit at once.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

  await app.listen({ port: config.port, host: config.host });
  const base = config.baseUrl;
  // One write for the whole banner, so that whoever waits for "is running" (a supervisor, the tests) reads it all.
  const banner = [
    `OpenDVC is running at ${base}/`,
    `  procedures:  ${base}/thu-tuc`,
    `  sign in:     ${base}/dang-nhap`,
    `  API docs:    ${base}/api/docs`,
    `  health:      ${base}/api/health   metrics: ${base}/metrics (${config.metricsToken ? 'bearer METRICS_TOKEN' : 'from this machine only'})`,
    ...(config.smtpUrl ? [] : [`  mailbox:     ${base}/hop-thu (no SMTP_URL: e-mails are kept here)`]),
    ...(postalSimulator ? [`  post:        ${postalSimulator.url}/ (no POSTAL_URL: the demo's postal service simulator; push shipments there)`] : []),
    ...(paymentSimulator ? [`  payments:    ${paymentSimulator.url}/ (no PAYMENT_PLATFORM_URL: the demo's payment platform simulator)`] : []),
    ...(smsSimulator ? [`  SMS:         ${base}/hop-thu/sms (no SMS_URL: the demo sends to the SMS gateway simulator)`] : []),
    demo
      ? `demo mode: on — set DEMO=false to hide the demo accounts and close the test inboxes to visitors`
      : `demo mode: off (DEMO=true turns it on)`,
    ...(demo ? [`demo accounts (password ${DEMO_PASSWORD}):`, ...DEMO_ACCOUNT_LIST.map((account) => `  ${account.username}`)] : []),
  ];
  process.stdout.write(banner.map((line) => `[opendvc] ${line}\n`).join(''));
}
