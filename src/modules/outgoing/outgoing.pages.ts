// Outgoing documents' pages (server-rendered, no JavaScript needed): the list, drafting and editing (agency picker
// for internal recipients, lines for outside ones, the signer from the agency's leaders), the document with its
// chain, actions (submit, approve, return with a comment, sign and issue), history and PDF; the approval chains'
// editor (pickers per step); the report by period and type (table + Excel); the outgoing register. The officer's
// dossier page (handling's) gets the dossier's outgoing documents and the "issue the result as an official
// document" link through a preHandler, as postal does: handling does not know this module.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../core/actor.ts';
import { loadExcel } from '../../core/lazy.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { addDays, vietnamDate, vietnamYear } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { CONFIDENTIALITY_CODES, DOCUMENT_TYPE_CODES, URGENCY_CODES } from '../kernel/official-document.ts';
import { CHAIN_ROLES, MAX_CHAIN_STEPS } from './outgoing.rules.ts';
import { period } from './outgoing.routes.ts';
import type { DraftInput } from './outgoing.service.ts';
import './outgoing.errors.ts';

/** The form's recipient lines: agencies on OpenDVC (pickers), then outside recipients (name, address). */
const INTERNAL_LINES = 3;
const EXTERNAL_LINES = 3;
const FIELDS = ['agencyCode', 'docType', 'excerpt', 'body', 'place', 'urgency', 'confidentiality', 'issuerAbbreviation', 'unitAbbreviation', 'signerId', 'signerTitle', 'answersIncomingId', 'dossierId', 'dossierCode', 'answers', 'version'] as const;

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ActionParams = Type.Object({ id: Type.String({ maxLength: 64 }), action: Type.String({ maxLength: 20 }) });
const NewQuery = Type.Object({ coQuan: Type.Optional(Type.String({ maxLength: 40 })), vanBanDen: Type.Optional(Type.String({ maxLength: 64 })), hoSo: Type.Optional(Type.String({ maxLength: 64 })) });
const ListPageQuery = Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) });
const AgencyQuery = Type.Object({ coQuan: Type.Optional(Type.String({ maxLength: 40 })), loai: Type.Optional(Type.String({ maxLength: 40 })), ok: Type.Optional(Type.String({ maxLength: 2 })) });
const ReportPageQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })) });
const RegisterPageQuery = Type.Object({ coQuan: Type.Optional(Type.String({ maxLength: 40 })), nam: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })) });

function values(body: FormBody): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(FIELDS.map((f) => [f, formText(body, f)]));
  for (let i = 0; i < INTERNAL_LINES + EXTERNAL_LINES; i++) {
    for (const part of ['agencyCode', 'name', 'address']) out[`recipients.${i}.${part}`] = formText(body, `recipients.${i}.${part}`);
  }
  return out;
}

function draftInput(v: Record<string, string>): DraftInput {
  const recipients = [];
  for (let i = 0; i < INTERNAL_LINES + EXTERNAL_LINES; i++) {
    recipients.push(i < INTERNAL_LINES ? { agencyCode: v[`recipients.${i}.agencyCode`] } : { name: v[`recipients.${i}.name`], address: v[`recipients.${i}.address`] });
  }
  return {
    agencyCode: v.agencyCode || undefined,
    docType: v.docType ?? '',
    excerpt: v.excerpt ?? '',
    body: v.body ?? '',
    place: v.place ?? '',
    urgency: v.urgency || undefined,
    confidentiality: v.confidentiality || undefined,
    issuerAbbreviation: v.issuerAbbreviation || undefined,
    unitAbbreviation: v.unitAbbreviation || undefined,
    signerId: v.signerId ?? '',
    signerTitle: v.signerTitle ?? '',
    recipients,
    answersIncomingId: v.answersIncomingId || undefined,
    dossierId: v.dossierId || undefined,
  };
}

/** The document's recipients as the form's lines (internal ones first, outside ones after). */
function recipientValues(recipients: Array<{ agencyCode: string | null; name: string; address: string | null }>): Record<string, string> {
  const out: Record<string, string> = {};
  let internal = 0;
  let external = INTERNAL_LINES;
  for (const r of recipients) {
    if (r.agencyCode && internal < INTERNAL_LINES) out[`recipients.${internal++}.agencyCode`] = r.agencyCode;
    else if (!r.agencyCode && external < INTERNAL_LINES + EXTERNAL_LINES) {
      out[`recipients.${external}.name`] = r.name;
      out[`recipients.${external++}.address`] = r.address ?? '';
    }
  }
  return out;
}

const version = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : undefined);

export const outgoingPagesModule: AppModule = {
  name: 'outgoing-pages',
  register(app: App, ctx: AppContext) {
    const outgoing = ctx.services.outgoing;
    const agencies = ctx.services.agencies;

    // The officer's dossier page: its outgoing documents and the link to issue its result as one.
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'GET' || request.actor?.kind !== 'staff') return;
      const match = /^\/can-bo\/ho-so\/([0-9a-f-]{36})$/.exec(request.url.split('?')[0]!);
      if (!match) return;
      const extra = { outgoingDocs: await outgoing.forDossier(request.actor, match[1]!) };
      const page = reply.page;
      reply.page = function pageWithOutgoing(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
        return page.call(this, template, { ...extra, ...data });
      };
    });

    const common = { docTypes: DOCUMENT_TYPE_CODES, urgencies: URGENCY_CODES, confidentialities: CONFIDENTIALITY_CODES, internalLines: INTERNAL_LINES, externalLines: EXTERNAL_LINES };
    const showForm = async (request: { actor: Actor | null }, reply: FastifyReply, data: { values: Record<string, string>; id?: string; errors?: unknown }) => {
      const options = await outgoing.formOptions(request.actor, data.values.agencyCode || undefined);
      const recipientOptions = pickerOptions(await agencies.tree());
      return reply.page('outgoing-form.njk', { ...common, options, agencyOptions: pickerOptions(options.tree), recipientOptions, ...data });
    };

    app.get('/can-bo/van-ban-di', { schema: { hide: true, querystring: ListPageQuery } }, async (request, reply) => {
      const result = await outgoing.list(request.actor, { status: request.query.status, page: request.query.page });
      return reply.page('outgoing-list.njk', { result, status: request.query.status ?? '', statuses: ['draft', 'in_review', 'returned', 'approved', 'issued'], baseUrl: `/can-bo/van-ban-di?${request.query.status ? `status=${encodeURIComponent(request.query.status)}&` : ''}` });
    });

    app.get('/can-bo/van-ban-di/moi', { schema: { hide: true, querystring: NewQuery } }, async (request, reply) => {
      const prefill = await outgoing.prefill(request.actor, { incoming: request.query.vanBanDen, dossier: request.query.hoSo });
      const v: Record<string, string> = { place: 'Hà Nội', agencyCode: request.query.coQuan ?? '', docType: 'official_letter', urgency: 'normal', confidentiality: 'none', ...(prefill as Record<string, string>) };
      if (prefill.recipientName) v[`recipients.${INTERNAL_LINES}.name`] = prefill.recipientName;
      return showForm(request, reply, { values: v });
    });

    app.post('/can-bo/van-ban-di/moi', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const v = values(request.body);
      return formPage(request, reply, {
        act: async () => `/can-bo/van-ban-di/${(await outgoing.create(request.actor, draftInput(v))).id}`,
        rerender: (errors) => showForm(request, reply, { values: v, errors }),
      });
    });

    app.get('/can-bo/van-ban-di/quy-trinh', { schema: { hide: true, querystring: AgencyQuery } }, async (request, reply) => {
      const data = await outgoing.chains(request.actor, request.query.coQuan);
      return reply.page('outgoing-chains.njk', { ...data, agencyOptions: pickerOptions(data.tree), docTypes: DOCUMENT_TYPE_CODES, roles: CHAIN_ROLES, maxSteps: MAX_CHAIN_STEPS, saved: request.query.ok === '1', values: { docType: request.query.loai ?? '*' } });
    });

    app.post('/can-bo/van-ban-di/quy-trinh', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const agencyCode = formText(request.body, 'agencyCode') || undefined;
      const docType = formText(request.body, 'docType');
      const steps = Array.from({ length: MAX_CHAIN_STEPS }, (_, i) => ({ role: formText(request.body, `steps.${i}.role`), accountId: formText(request.body, `steps.${i}.accountId`) }));
      return formPage(request, reply, {
        act: async () => {
          await outgoing.saveChain(request.actor, agencyCode, docType, steps);
          return `/can-bo/van-ban-di/quy-trinh?${agencyCode ? `coQuan=${encodeURIComponent(agencyCode)}&` : ''}ok=1`;
        },
        rerender: async (errors) => {
          const data = await outgoing.chains(request.actor, agencyCode);
          return reply.page('outgoing-chains.njk', { ...data, agencyOptions: pickerOptions(data.tree), docTypes: DOCUMENT_TYPE_CODES, roles: CHAIN_ROLES, maxSteps: MAX_CHAIN_STEPS, errors, values: { docType }, stepValues: steps });
        },
      });
    });

    const reportRows = async (actor: Actor | null, query: { from?: string | undefined; to?: string | undefined }) => {
      const to = query.to || vietnamDate(new Date());
      const from = query.from || addDays(to, -30);
      const p = period(from, to);
      return { from, to, rows: await outgoing.report(actor, p.from, p.to) };
    };

    app.get('/can-bo/van-ban-di/bao-cao', { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const report = await reportRows(request.actor, request.query);
      const total = report.rows.reduce((s, r) => ({ issued: s.issued + r.issued, sent: s.sent + r.sent, results: s.results + r.results }), { issued: 0, sent: 0, results: 0 });
      return reply.page('outgoing-report.njk', { ...report, total });
    });

    app.get('/can-bo/van-ban-di/bao-cao.xlsx', { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const { from, to, rows } = await reportRows(request.actor, request.query);
      const t = request.t;
      const workbook = new (await loadExcel()).Workbook();
      const sheet = workbook.addWorksheet(t('outgoing.title').slice(0, 31));
      sheet.addRow([t('outgoing.report.agency'), t('outgoing.report.type'), t('outgoing.report.issued'), t('outgoing.report.sent'), t('outgoing.report.results')]);
      for (const r of rows) sheet.addRow([neutraliseCell(`${r.agency.name} (${r.agency.code})`), neutraliseCell(t(`document.type.${r.docType}`)), r.issued, r.sent, r.results]);
      const body = Buffer.from(await workbook.xlsx.writeBuffer());
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="van-ban-di-${from}-${to}.xlsx"`);
      return reply.send(body);
    });

    app.get('/can-bo/van-ban-di/so', { schema: { hide: true, querystring: RegisterPageQuery } }, async (request, reply) => {
      const book = await outgoing.registerBook(request.actor, request.query.coQuan, request.query.nam ?? vietnamYear(new Date()));
      return reply.page('outgoing-register.njk', { book });
    });

    const detailPage = async (request: { actor: Actor | null; params: { id: string } }, reply: FastifyReply, extra: Record<string, unknown> = {}) =>
      reply.page('outgoing-detail.njk', { doc: await outgoing.detail(request.actor, request.params.id), ...extra });

    app.get('/can-bo/van-ban-di/:id', { schema: { hide: true, params: Params } }, async (request, reply) => detailPage(request, reply));

    app.get('/can-bo/van-ban-di/:id/van-ban.pdf', { schema: { hide: true, params: Params } }, async (request, reply) => {
      const pdf = await outgoing.pdf(request.actor, request.params.id);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `inline; filename="${pdf.name}"`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(pdf.opened ? pdf.opened.stream : pdf.bytes);
    });

    app.get('/can-bo/van-ban-di/:id/sua', { schema: { hide: true, params: Params } }, async (request, reply) => {
      const doc = await outgoing.detail(request.actor, request.params.id);
      const v: Record<string, string> = {
        agencyCode: doc.agency.code,
        docType: doc.docType,
        excerpt: doc.excerpt,
        body: doc.body,
        place: doc.place,
        urgency: doc.urgency,
        confidentiality: doc.confidentiality,
        issuerAbbreviation: doc.issuerAbbreviation,
        unitAbbreviation: doc.unitAbbreviation ?? '',
        signerId: doc.signer.id,
        signerTitle: doc.signer.title,
        version: String(doc.version),
        ...recipientValues(doc.recipients),
      };
      return showForm(request, reply, { values: v, id: doc.id });
    });

    app.post('/can-bo/van-ban-di/:id/sua', { schema: { hide: true, params: Params, body: FormBody } }, async (request, reply) => {
      const v = values(request.body);
      return formPage(request, reply, {
        act: async () => {
          await outgoing.update(request.actor, request.params.id, { ...draftInput(v), version: version(v.version ?? '') });
          return `/can-bo/van-ban-di/${request.params.id}`;
        },
        rerender: (errors) => showForm(request, reply, { values: v, errors, id: request.params.id }),
      });
    });

    app.post('/can-bo/van-ban-di/:id/thao-tac/:action', { schema: { hide: true, params: ActionParams, body: FormBody } }, async (request, reply) => {
      const { id, action } = request.params;
      const input = { comment: formText(request.body, 'comment'), version: version(formText(request.body, 'version')) };
      return formPage(request, reply, {
        act: async () => {
          if (action === 'issue') await outgoing.issue(request.actor, id, { version: input.version });
          else await outgoing.act(request.actor, id, action, input);
          return `/can-bo/van-ban-di/${id}`;
        },
        rerender: (errors) => detailPage(request, reply, { errors, comment: input.comment }),
      });
    });
  },
};
