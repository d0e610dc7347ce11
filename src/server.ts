// `opendvc serve` / `npm start`: database, demo data on first start, HTTP server, workers, clean shutdown.
import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import { createContext } from './container.ts';
import { buildApp } from './http/app.ts';
import { createQueue, startWorkers } from './jobs.ts';
import { jobs } from './modules/jobs.ts';
import { modules } from './modules/index.ts';
import { openDatabase } from './runtime.ts';
import { isDatabaseUnavailable } from './db/errors.ts';
import { isEmpty, seedDemo, seedDemoHistory } from './seed/demo.ts';
import { DEMO_FEE_PROCEDURE, seedDemoFees } from './seed/fees.ts';
import { startSmsSimulator } from './simulators/sms.ts';
import { startPaymentPlatformSimulator } from './simulators/payment-platform.ts';
import { startPostalSimulator } from './simulators/postal.ts';
import { startNationalPortalSimulator, type PortalProcedure } from './simulators/national-portal.ts';
import { startDataSharingSimulator } from './simulators/data-sharing.ts';
import { startWebhookReceiver } from './simulators/webhook-receiver.ts';
import { startDocExchangeSimulator } from './simulators/doc-exchange.ts';
import { DEMO_ACCOUNT_LIST, DEMO_PASSWORD } from './modules/identity/identity.routes.ts';

export async function serve(config: Config): Promise<void> {
  // A supervisor that closed our stdout (EPIPE) must not turn the shutdown message into a crash.
  process.stdout.on('error', () => {});
  const log = (msg: string) => process.stdout.write(`[opendvc] ${msg}\n`);
  const database = await openDatabase(config, log);
  // Demo mode is a setting (DEMO; on by default with the embedded PostgreSQL), never inferred from the data.
  const demo = config.demo;
  const firstStart = demo && !config.databaseUrl && (await isEmpty(database.db));
  if (firstStart) {
    log('first start: loading demo data');
    const seedCtx = createContext(config, database.db);
    await seedDemo(seedCtx, log);
    if (await seedDemoFees(seedCtx)) log(`demo fees: procedure ${DEMO_FEE_PROCEDURE} charges its lệ phí online`);
    // History for the reports, the dashboard and the scorecard: Trà Vinh 2017 (imported) and a generated recent year.
    await seedDemoHistory(seedCtx, log);
    await seedCtx.reportsDb.close();
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
  // And the data-sharing platform (LGSP/NGSP): the population database and business registry simulator, seeded with
  // the demo accounts' records, behind a client id and secret generated for this run.
  const dataSharingSimulator = demo && !config.dataSharing ? await startDataSharingSimulator({ clientSecret: randomBytes(18).toString('base64url') }) : null;
  if (dataSharingSimulator) config = { ...config, dataSharing: { url: dataSharingSimulator.url, clientId: dataSharingSimulator.clientId, clientSecret: dataSharingSimulator.clientSecret } };
  // Likewise sign-in with VNeID: an OpenID Connect provider simulator with its own sign-in page, keys made now.
  // (Loaded only then: oidc-provider is the simulator's, never needed with a real provider.)
  const vneidSimulator =
    demo && !config.vneid ? await (await import('./simulators/vneid.ts')).startVneidSimulator({ baseUrl: config.baseUrl, clientSecret: randomBytes(24).toString('base64url') }) : null;
  if (vneidSimulator) config = { ...config, vneid: { issuerUrl: vneidSimulator.url, clientId: vneidSimulator.clientId, clientSecret: vneidSimulator.clientSecret } };
  // And the National Public Service Portal: a citizen submits on the simulator's page, which delivers the dossier to
  // our inbound endpoint with a token generated for this run; our steps go back to it with its agency account.
  const portalProcedures: PortalProcedure[] = [];
  const nationalPortalSimulator =
    demo && !config.nationalPortal.url
      ? await startNationalPortalSimulator({
          agencyUrl: `${config.baseUrl}/api/national-portal/dossiers`,
          inboundToken: config.nationalPortal.inboundToken ?? randomBytes(18).toString('base64url'),
          procedures: portalProcedures,
        })
      : null;
  if (nationalPortalSimulator) {
    config = {
      ...config,
      nationalPortal: { ...config.nationalPortal, url: nationalPortalSimulator.url, username: nationalPortalSimulator.username, password: nationalPortalSimulator.password, inboundToken: nationalPortalSimulator.inboundToken },
    };
  }
  // And the national document exchange (edXML): a mailbox for our platform with a token generated for this run, and
  // agencies not on OpenDVC that answer our packages by themselves (received, assigned, completed) after 20 s.
  const docExchangeSimulator =
    demo && !config.docExchange.url
      ? await startDocExchangeSimulator({ accounts: [{ organId: config.docExchange.organId, organName: config.docExchange.organName }], autoRespondMs: 20_000 })
      : null;
  if (docExchangeSimulator) config = { ...config, docExchange: { ...config.docExchange, url: docExchangeSimulator.url, token: docExchangeSimulator.accounts[0]!.token } };
  const ctx = createContext(config, database.db, {
    demo,
    smsSimulator,
    postalSimulatorUrl: postalSimulator?.url ?? null,
    // The live board's LISTEN connection (floor.board.ts).
    databaseUrl: database.url,
    // DATABASE_REPLICA_URL unreachable: the reports read the primary (and say so); one line per failure, not per request.
    onReplicaFallback: (error) => log(`replica unreachable, reports read from the primary: ${(error as Error).message}`),
  });
  // The demo's webhooks go to the receiver simulator (it checks signatures, timestamps and replays): one subscription
  // to every event of the top-level agency's dossiers, pointed at this run's receiver with a new secret.
  const webhookReceiver = demo && config.webhooks.allowPrivateTargets ? await startWebhookReceiver() : null;
  if (webhookReceiver) webhookReceiver.addSecret((await ctx.services.webhooks.demoSubscription(webhookReceiver.endpoint)).secret);
  if (nationalPortalSimulator) {
    const published = await ctx.services.catalog.search({ pageSize: 50 }).catch(() => null);
    for (const row of published?.rows ?? []) portalProcedures.push({ code: row.code, name: row.name });
  }
  // The simulator's agencies are the demo's exchange partners (their keys are new each run).
  if (docExchangeSimulator) {
    await ctx.services.docExchange.demoPartners(docExchangeSimulator.agencies).catch((error: Error) => log(`document exchange partners: ${error.message}`));
    // On the demo's first start one official letter waits on the exchange: the first poll registers it as incoming.
    if (firstStart) docExchangeSimulator.send(docExchangeSimulator.agencies[0]!.organId, { organId: config.docExchange.organId, organName: config.docExchange.organName }, { subject: 'Về việc phối hợp cung cấp thông tin (gửi qua trục liên thông văn bản)' });
  }
  // The demo CA and agency certificates are made by the first signature or verification, not at boot (node-forge,
  // about 12 MB resident, is loaded then: src/modules/results/results.pki.ts); a configured PKCS#12 is read now.
  await ctx.services.results.pki.ready();
  const app = await buildApp(ctx, modules);
  let stopping = false;
  const boss = createQueue(database.url);
  // While stopping, PostgreSQL closing the queue's idle connections is expected.
  boss.on('error', (error) => {
    if (stopping) return;
    // PostgreSQL away: one line (the workers retry on their own), not the driver's client in full.
    if (isDatabaseUnavailable(error)) app.log.warn({ code: (error as { code?: string }).code, message: error.message }, 'queue: database unavailable');
    else app.log.error({ err: error }, 'queue error');
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
      ctx.services.webhooks.stop();
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
      await smsSimulator?.close();
      await paymentSimulator?.close();
      await postalSimulator?.close();
      await nationalPortalSimulator?.close();
      await vneidSimulator?.close();
      await webhookReceiver?.close();
      await dataSharingSimulator?.close();
      await docExchangeSimulator?.close();
      await ctx.reportsDb.close();
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
    ...(config.databaseReplicaUrl ? [`  reports:     read from the replica (DATABASE_REPLICA_URL), the primary when it cannot be reached`] : []),
    ...(config.smtpUrl ? [] : [`  mailbox:     ${base}/hop-thu (no SMTP_URL: e-mails are kept here)`]),
    ...(nationalPortalSimulator ? [`  portal:      ${nationalPortalSimulator.url}/ (no NATIONAL_PORTAL_URL: the demo's National Public Service Portal simulator; submit there, dossiers arrive in /can-bo)`] : []),
    ...(postalSimulator ? [`  post:        ${postalSimulator.url}/ (no POSTAL_URL: the demo's postal service simulator; push shipments there)`] : []),
    ...(dataSharingSimulator ? [`  data:        ${dataSharingSimulator.url}/ (no DATA_SHARING_URL: the demo's population database and business registry simulator)`] : []),
    ...(vneidSimulator ? [`  VNeID:       ${vneidSimulator.url}/ (no VNEID_ISSUER_URL: the demo's VNeID sign-in simulator; "Đăng nhập bằng VNeID" on ${base}/dang-nhap)`] : []),
    ...(paymentSimulator ? [`  payments:    ${paymentSimulator.url}/ (no PAYMENT_PLATFORM_URL: the demo's payment platform simulator)`] : []),
    ...(docExchangeSimulator ? [`  exchange:    ${docExchangeSimulator.url}/ (no DOC_EXCHANGE_URL: the demo's national document exchange simulator; partners on ${base}/quan-tri/truc-lien-thong)`] : []),
    ...(webhookReceiver ? [`  webhooks:    ${webhookReceiver.url}/ (the demo's webhook receiver simulator: what it received; subscriptions on ${base}/quan-tri/webhook)`] : []),
    ...(smsSimulator ? [`  SMS:         ${base}/hop-thu/sms (no SMS_URL: the demo sends to the SMS gateway simulator)`] : []),
    demo
      ? `demo mode: on — set DEMO=false to hide the demo accounts and close the test inboxes to visitors`
      : `demo mode: off (DEMO=true turns it on)`,
    ...(demo ? [`demo accounts (password ${DEMO_PASSWORD}):`, ...DEMO_ACCOUNT_LIST.map((account) => `  ${account.username}`)] : []),
  ];
  process.stdout.write(banner.map((line) => `[opendvc] ${line}\n`).join(''));
  // The demo's first start: one catalog sync with the portal simulator (the job, run by a worker), so that the
  // publicity of the procedures is known at once rather than "no data" until someone runs one.
  if (firstStart && nationalPortalSimulator) {
    await boss.send('catalog.sync', {}).catch((error: Error) => app.log.warn({ err: error }, 'first catalog sync not queued'));
  }
}
