// The PAR Index's pages for staff (server-rendered): the list of assessments and the start form, an assessment
// (self-assessment with evidence, proposals, appraisal, survey points), the criteria trees and their forms, the
// ranking (and its Excel export), an agency's history. Every form is one `formPage` call.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { translator } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, type FormErrors, formPage, formText } from '../../http/form-page.ts';
import { sendDocument } from '../files/files.download.ts';
import { ATTACHMENT_ACCEPT } from '../files/files.inspect.rules.ts';
import { registerStagedUploads, stagedFrom, stagedText } from '../files/files.staging.ts';
import { rankingToXlsx } from './parindex.export.ts';
import { presentProblems } from './parindex.present.ts';
import { AUTO_SOURCES, formatNumber, formatPercent, formatPoints, leaves, parsePoints, SET_KINDS, type AutoSource, type SetKind } from './parindex.rules.ts';
import type { NodeInput, ParIndexService } from './parindex.service.ts';

export const PAR_HOME = '/quan-tri/chi-so-cchc';
export const PAR_SETS = `${PAR_HOME}/bo-tieu-chi`;
export const PAR_RANKING = `${PAR_HOME}/xep-hang`;
export const PAR_HISTORY = `${PAR_HOME}/lich-su`;
const assessmentUrl = (id: string) => `${PAR_HOME}/danh-gia/${id}`;

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const EvidenceParams = Type.Object({ id: Type.String({ format: 'uuid' }), evidenceId: Type.String({ maxLength: 40 }) });
const HomeQuery = Type.Object({ nam: Type.Optional(Type.String({ maxLength: 4 })) });
const RankingPageQuery = Type.Object({ loai: Type.Optional(Type.String({ maxLength: 10 })), nam: Type.Optional(Type.String({ maxLength: 4 })) });
const HistoryPageQuery = Type.Object({ 'co-quan': Type.Optional(Type.String({ maxLength: 40 })) });
const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 20 })) });

type Locale = 'vi' | 'en';

function formatters(locale: Locale) {
  return { pct: (v: number | null) => formatPercent(v, locale), pts: (v: number | null) => formatPoints(v, locale), num: (v: number) => formatNumber(v, locale) };
}

function yearOf(text: string | undefined): number | null {
  const t = (text ?? '').trim();
  return /^\d{4}$/.test(t) ? Number(t) : null;
}

function kindOf(text: string | undefined): SetKind {
  return (SET_KINDS as readonly string[]).includes((text ?? '').trim()) ? ((text ?? '').trim() as SetKind) : 'ministry';
}

/** The node form's fields → the service's input (a maximum that does not parse is NaN: the service names it). */
function nodeInput(body: FormBody): NodeInput {
  const max = parsePoints(formText(body, 'maxPoints'));
  const auto = formText(body, 'autoSource');
  return {
    name: formText(body, 'name'),
    nameEn: formText(body, 'nameEn') || null,
    maxPoints: max === null ? NaN : max,
    evidenceRequired: formText(body, 'evidenceRequired') === '1',
    fromSurvey: formText(body, 'fromSurvey') === '1',
    autoSource: (AUTO_SOURCES as readonly string[]).includes(auto) ? (auto as AutoSource) : null,
  };
}

export const parIndexPagesModule: AppModule = {
  name: 'parindex-pages',
  async register(app: App, ctx: AppContext) {
    const par: ParIndexService = ctx.services.parIndex;

    // The list of assessments and the start form -------------------------------------------------------

    const home = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; values?: Record<string, string> } = {}) => {
      const year = yearOf((request.query as { nam?: string } | undefined)?.nam);
      const { items, reviewer, agencies } = await par.list(request.actor, year ?? undefined);
      const sets = await par.sets();
      const treeAdmin = await par.requireTreeAdmin(request.actor).then(() => true, () => false);
      return reply.page('parindex-home.njk', { items, reviewer, agencies, sets, treeAdmin, year, values: extra.values ?? {}, errors: extra.errors, kinds: SET_KINDS });
    };

    app.get(PAR_HOME, { schema: { hide: true, querystring: HomeQuery } }, async (request, reply) => home(request, reply));

    app.post(`${PAR_HOME}/bat-dau`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const year = yearOf(formText(body, 'year'));
          const a = await par.start(request.actor, { agency: formText(body, 'agency'), year: year ?? 0, kind: kindOf(formText(body, 'kind')) });
          return assessmentUrl(a.id);
        },
        rerender: (errors) => home(request, reply, { errors, values: { agency: formText(body, 'agency'), year: formText(body, 'year'), kind: formText(body, 'kind') } }),
      });
    });

    // An assessment -------------------------------------------------------------------------------------

    const assessmentPage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FormErrors; values?: Record<string, string> } = {}) => {
      const d = await par.detail(request.actor, id);
      const locale = request.locale;
      const leafIds = new Set(leaves(d.nodes).map((l) => l.id));
      const proposals = d.may.edit || d.may.appraise ? new Map((await par.proposals(request.actor, id, locale)).map((p) => [p.code, p.proposal])) : new Map();
      // The PAR plan's evidence of the year, offered under each field to those who fill the assessment.
      const planEvidence: Record<string, Array<{ task_title: string; file_name: string; url: string }>> = {};
      for (const e of d.may.edit ? await par.planEvidence(request.actor, id) : []) (planEvidence[e.field_code] ??= []).push(e);
      let index = 0;
      const rows = d.nodes.map((n) => {
        const leaf = leafIds.has(n.id);
        const e = d.entries.get(n.id);
        return {
          node: n,
          leaf,
          item: leaf ? index++ : -1,
          anchor: n.code.replace(/\./g, '-'),
          points: d.score.nodePoints.get(n.id) ?? 0,
          field: d.score.fields.find((f) => f.id === n.id) ?? null,
          entry: e ?? null,
          evidence: d.evidence.filter((v) => v.node_id === n.id),
          proposal: proposals.get(n.code) ?? null,
        };
      });
      const values: Record<string, string> = {};
      for (const r of rows) {
        if (!r.leaf) continue;
        values[`p${r.item}`] = r.entry?.selfPoints === null || r.entry?.selfPoints === undefined ? '' : formatNumber(r.entry.selfPoints, locale);
        values[`n${r.item}`] = r.entry?.selfNote ?? '';
        values[`a${r.item}`] = r.entry?.appraisedPoints === null || r.entry?.appraisedPoints === undefined ? '' : formatNumber(r.entry.appraisedPoints, locale);
        values[`c${r.item}`] = r.entry?.appraisalComment ?? '';
      }
      return reply.page('parindex-assessment.njk', {
        d,
        rows,
        planEvidence,
        values: { ...values, ...(extra.values ?? {}) },
        errors: extra.errors,
        ok: (request.query as { ok?: string } | undefined)?.ok ?? '',
        accept: ATTACHMENT_ACCEPT,
        ...formatters(locale),
      });
    };

    app.get(`${PAR_HOME}/danh-gia/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) => assessmentPage(request, reply, request.params.id));

    /** The posted form's values, to show them again beside the errors. */
    const posted = (body: FormBody): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(body ?? {})) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
      return out;
    };

    app.post(`${PAR_HOME}/danh-gia/:id/tu-danh-gia`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const id = request.params.id;
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const d = await par.detail(request.actor, id);
          // Every leaf in tree order (item i is the form's p{i}/n{i}); survey leaves carry no points of the agency.
          // A value changed by hand drops the accepted proposal's source; an unchanged one keeps it.
          const items = leaves(d.nodes).map((leaf, i) => {
            const points = leaf.fromSurvey ? null : parsePoints(formText(body, `p${i}`));
            const before = d.entries.get(leaf.id);
            return { code: leaf.code, points, note: formText(body, `n${i}`) || null, source: points === (before?.selfPoints ?? null) ? (before?.selfSource ?? null) : null };
          });
          await par.saveSelf(request.actor, id, items);
          return `${assessmentUrl(id)}?ok=saved`;
        },
        rerender: (errors) => assessmentPage(request, reply, id, { errors, values: posted(body) }),
      });
    });

    app.post(`${PAR_HOME}/danh-gia/:id/tham-dinh`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const id = request.params.id;
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const d = await par.detail(request.actor, id);
          const items = leaves(d.nodes).map((leaf, i) => {
            const points = parsePoints(formText(body, `a${i}`));
            const before = d.entries.get(leaf.id);
            return { code: leaf.code, points, comment: formText(body, `c${i}`) || null, source: points === (before?.appraisedPoints ?? null) ? (before?.appraisalSource ?? null) : null };
          });
          await par.appraise(request.actor, id, items);
          return `${assessmentUrl(id)}?ok=saved`;
        },
        rerender: (errors) => assessmentPage(request, reply, id, { errors, values: posted(body) }),
      });
    });

    // Accept a proposal: its points, with its source, on the agency's side (draft) or the reviewing body's.
    app.post(`${PAR_HOME}/danh-gia/:id/de-xuat`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const id = request.params.id;
      const code = formText(request.body, 'code');
      return formPage(request, reply, {
        act: async () => {
          const d = await par.detail(request.actor, id);
          const found = (await par.proposals(request.actor, id, request.locale)).find((p) => p.code === code);
          if (!found?.proposal) throw new DomainError('PAR_NO_PROPOSAL', { code: code.slice(0, 10) });
          const source = `${found.proposal.formula} — ${found.proposal.source}`.slice(0, 500);
          const leaf = d.nodes.find((n) => n.code === code)!;
          if (d.may.appraise) await par.appraise(request.actor, id, [{ code, points: found.proposal.points, comment: d.entries.get(leaf.id)?.appraisalComment ?? null, source }]);
          else await par.saveSelf(request.actor, id, [{ code, points: found.proposal.points, note: d.entries.get(leaf.id)?.selfNote ?? null, source }]);
          return `${assessmentUrl(id)}?ok=saved#leaf-${code.replace(/\./g, '-')}`;
        },
        rerender: (errors) => assessmentPage(request, reply, id, { errors }),
      });
    });

    const transition = (path: string, run: (id: string, request: FastifyRequest) => Promise<unknown>, ok: string) => {
      app.post(`${PAR_HOME}/danh-gia/:id/${path}`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) =>
        formPage(request, reply, {
          act: async () => {
            await run(request.params.id, request);
            return `${assessmentUrl(request.params.id)}?ok=${ok}`;
          },
          rerender: (errors) => assessmentPage(request, reply, request.params.id, { errors }),
        }),
      );
    };
    transition('nop', (id, request) => par.submit(request.actor, id), 'submitted');
    transition('hoan-thanh', (id, request) => par.finish(request.actor, id), 'appraised');
    transition('mo-lai', (id, request) => par.reopen(request.actor, id), 'reopened');

    app.post(`${PAR_HOME}/danh-gia/:id/tai-lieu/:evidenceId/xoa`, { schema: { hide: true, params: EvidenceParams, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          await par.removeEvidence(request.actor, request.params.id, request.params.evidenceId);
          return `${assessmentUrl(request.params.id)}?ok=removed`;
        },
        rerender: (errors) => assessmentPage(request, reply, request.params.id, { errors }),
      }),
    );

    await app.register(async (scope: App) => {
      await registerStagedUploads(scope, ctx.services.files, { maxBytes: ctx.config.dossierMaxFileBytes, fields: 4, parts: 5 });
      scope.post(`${PAR_HOME}/danh-gia/:id/tai-lieu`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
        const code = stagedText(request.body, 'code').trim();
        return formPage(request, reply, {
          act: async () => {
            await par.addEvidence(request.actor, request.params.id, code, stagedFrom(request.body));
            return `${assessmentUrl(request.params.id)}?ok=attached#leaf-${code.replace(/\./g, '-')}`;
          },
          rerender: (errors) => assessmentPage(request, reply, request.params.id, { errors }),
        });
      });
    });

    // Criteria trees --------------------------------------------------------------------------------------

    const setsPage = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; values?: Record<string, string> } = {}) => {
      par.requireStaff(request.actor);
      const treeAdmin = await par.requireTreeAdmin(request.actor).then(() => true, () => false);
      return reply.page('parindex-sets.njk', { sets: await par.sets(), treeAdmin, kinds: SET_KINDS, values: extra.values ?? {}, errors: extra.errors });
    };

    app.get(PAR_SETS, { schema: { hide: true } }, async (request, reply) => setsPage(request, reply));

    app.post(PAR_SETS, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const set = await par.createSet(request.actor, { kind: kindOf(formText(body, 'kind')), year: yearOf(formText(body, 'year')) ?? 0, name: formText(body, 'name') || null });
          return `${PAR_SETS}/${set.id}`;
        },
        rerender: (errors) => setsPage(request, reply, { errors, values: posted(body) }),
      });
    });

    const setPage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FormErrors; values?: Record<string, string>; open?: string } = {}) => {
      par.requireStaff(request.actor);
      const { set, nodes, problems, inUse } = await par.set(id);
      const treeAdmin = await par.requireTreeAdmin(request.actor).then(() => true, () => false);
      const leafIds = new Set(leaves(nodes).map((l) => l.id));
      const byNode = new Map<string, string[]>();
      for (const p of presentProblems(problems, request.locale)) {
        const code = /^\/nodes\/([0-9.]+)/.exec(p.path)?.[1] ?? '';
        byNode.set(code, [...(byNode.get(code) ?? []), p.message]);
      }
      return reply.page('parindex-set.njk', {
        set,
        rows: nodes.map((n) => ({ node: n, leaf: leafIds.has(n.id), anchor: n.code.replace(/\./g, '-'), problems: byNode.get(n.code) ?? [] })),
        treeProblems: byNode.get('') ?? [],
        valid: problems.length === 0,
        inUse,
        treeAdmin,
        autoSources: AUTO_SOURCES,
        values: extra.values ?? {},
        open: extra.open ?? '',
        errors: extra.errors,
        ok: (request.query as { ok?: string } | undefined)?.ok ?? '',
        ...formatters(request.locale),
      });
    };

    app.get(`${PAR_SETS}/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) => setPage(request, reply, request.params.id));

    app.post(`${PAR_SETS}/:id/them`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      const parent = formText(body, 'parent').trim();
      return formPage(request, reply, {
        act: async () => {
          const node = await par.addNode(request.actor, request.params.id, parent || null, nodeInput(body));
          return `${PAR_SETS}/${request.params.id}?ok=added#node-${node.code.replace(/\./g, '-')}`;
        },
        rerender: (errors) => setPage(request, reply, request.params.id, { errors, values: posted(body), open: `add-${parent || 'root'}` }),
      });
    });

    app.post(`${PAR_SETS}/:id/sua`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      const code = formText(body, 'code').trim();
      return formPage(request, reply, {
        act: async () => {
          await par.updateNode(request.actor, request.params.id, code, nodeInput(body));
          return `${PAR_SETS}/${request.params.id}?ok=saved#node-${code.replace(/\./g, '-')}`;
        },
        rerender: (errors) => setPage(request, reply, request.params.id, { errors, values: posted(body), open: `edit-${code}` }),
      });
    });

    app.post(`${PAR_SETS}/:id/xoa`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const code = formText(request.body, 'code').trim();
      return formPage(request, reply, {
        act: async () => {
          await par.removeNode(request.actor, request.params.id, code);
          return `${PAR_SETS}/${request.params.id}?ok=removed`;
        },
        rerender: (errors) => setPage(request, reply, request.params.id, { errors }),
      });
    });

    // Ranking, export, history ----------------------------------------------------------------------------

    const rankingOf = async (request: FastifyRequest, query: { loai?: string; nam?: string }) => {
      par.requireStaff(request.actor);
      const sets = await par.sets();
      const kind = kindOf(query.loai);
      const year = yearOf(query.nam) ?? sets.find((s) => s.kind === kind)?.year ?? null;
      const ranking = year === null || !sets.some((s) => s.kind === kind && s.year === year) ? null : await par.ranking(request.actor, kind, year);
      return { sets, kind, year, ranking };
    };

    app.get(PAR_RANKING, { schema: { hide: true, querystring: RankingPageQuery } }, async (request, reply) => {
      const data = await rankingOf(request, request.query);
      const years = [...new Set(data.sets.filter((s) => s.kind === data.kind).map((s) => s.year))];
      return reply.page('parindex-ranking.njk', { ...data, years, kinds: SET_KINDS, ...formatters(request.locale) });
    });

    app.get(`${PAR_RANKING}.xlsx`, { schema: { hide: true, querystring: RankingPageQuery } }, async (request, reply) => {
      const data = await rankingOf(request, request.query);
      if (!data.ranking) throw new DomainError('PAR_SET_UNKNOWN');
      const bytes = await rankingToXlsx(data.ranking, translator(request.locale), request.locale);
      return sendDocument(reply, { bytes, fileName: `chi-so-cchc-${data.kind}-${data.year}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, 'attachment');
    });

    app.get(PAR_HISTORY, { schema: { hide: true, querystring: HistoryPageQuery } }, async (request, reply) => {
      const { agencies } = await par.list(request.actor);
      const code = request.query['co-quan']?.trim() || agencies[0]?.code;
      const history = code ? await par.history(request.actor, code) : null;
      return reply.page('parindex-history.njk', { agencies, history, ...formatters(request.locale) });
    });
  },
};
