// The catalog sync pages (/quan-tri/dong-bo-thu-tuc), for catalog managers: start a run (it goes on in the
// background), follow its progress and read its result table; the publicity of our procedures on the national portal.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { registerMessages, type Translate } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, type FormErrors } from '../../http/form-page.ts';
import { catalogSyncMessages } from './catalog.sync.messages.ts';
import type { SyncItem, SyncRun } from './catalog.sync.ts';

registerMessages(catalogSyncMessages);
// The folded list of unchanged procedures on a run's page (kept here: the pages' own texts).
registerMessages({
  vi: { 'catalogSync.unchangedFolded': '{count} thủ tục không đổi', 'catalogSync.changedNone': 'Không có thủ tục nào mới, thay đổi, bãi bỏ hay lỗi.' },
  en: { 'catalogSync.unchangedFolded': '{count} unchanged procedures', 'catalogSync.changedNone': 'No procedure is new, changed, withdrawn or in error.' },
});

export const SYNC_PAGE = '/quan-tri/dong-bo-thu-tuc';
const RunParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const COUNT_KEYS = ['created', 'updated', 'unchanged', 'withdrawn', 'errors'] as const;

/** A run's failure as a sentence: the stored error starts with its code. */
function failureText(t: Translate, error: string | null): string {
  const code = (error ?? 'FAILED').split(':')[0]!;
  return ['NOT_CONFIGURED', 'PORTAL_UNAVAILABLE', 'interrupted', 'FAILED'].includes(code) ? t(`catalogSync.error.${code}`) : t('catalogSync.error.FAILED');
}

function summaryText(t: Translate, counts: Record<string, number>): string {
  return t('catalogSync.summary', Object.fromEntries(COUNT_KEYS.map((k) => [k, counts[k] ?? 0])));
}

function presentItem(t: Translate, item: SyncItem) {
  return {
    code: item.code,
    name: item.name,
    outcome: t(`catalogSync.outcome.${item.outcome}`),
    /** Ours (the procedure's management page exists). */
    linked: item.outcome !== 'error' || item.reason === 'AGENCY_MISMATCH' || item.reason === 'DRAFT_PENDING',
    note: item.reason ? t(`catalogSync.reason.${item.reason}`, { detail: item.detail ?? '' }) : '',
  };
}

function presentRun(t: Translate, run: Omit<SyncRun, 'items'>) {
  return {
    id: run.id,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    trigger: t(`catalogSync.trigger.${run.trigger}`),
    status: run.status,
    statusText: t(`catalogSync.status.${run.status}`),
    result: run.status === 'failed' ? failureText(t, run.error) : summaryText(t, run.counts),
    total: run.total,
    processed: run.processed,
  };
}

export const catalogSyncPagesModule: AppModule = {
  name: 'catalog-sync-pages',
  async register(app: App, ctx: AppContext) {
    const sync = ctx.services.catalogSync;

    async function renderOverview(request: FastifyRequest, reply: FastifyReply, errors: FormErrors | null = null) {
      const data = await sync.overview(request.actor);
      const t = request.t;
      return reply.page('catalog-sync.njk', {
        configured: data.configured,
        unit: data.unit,
        runs: data.runs.map((r) => presentRun(t, r)),
        publicity: data.publicity.map((p) => ({ ...p, portal: t(`catalogSync.portal.${p.portal_status}`), flagged: p.portal_status !== 'published' || p.portal_agency_code !== null })),
        errors,
      });
    }

    app.get(SYNC_PAGE, { schema: { hide: true } }, async (request, reply) => renderOverview(request, reply));

    app.post(SYNC_PAGE, { schema: { hide: true, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => `${SYNC_PAGE}/${await sync.start(request.actor)}`,
        rerender: (errors) => renderOverview(request, reply, errors),
      }),
    );

    app.get(`${SYNC_PAGE}/:id`, { schema: { hide: true, params: RunParams } }, async (request, reply) => {
      const run = await sync.run(request.actor, request.params.id);
      const t = request.t;
      // What needs reading first (new, changed, withdrawn, errors); the unchanged ones — most of a run — folded away.
      const unchanged = run.items.filter((i) => i.outcome === 'unchanged');
      return reply.page('catalog-sync-run.njk', {
        run: presentRun(t, run),
        counts: COUNT_KEYS.map((k) => ({ key: k, label: t(`catalogSync.count.${k}`), value: run.counts[k] ?? 0 })),
        items: run.items.filter((i) => i.outcome !== 'unchanged').map((i) => presentItem(t, i)),
        unchanged: unchanged.map((i) => presentItem(t, i)),
        running: run.status === 'running',
      });
    });
  },
};
