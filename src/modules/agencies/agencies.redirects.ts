// Old agency codes on pages: a page URL naming a merged agency (or a former code) answers with a 303 redirect to
// the same page for the agency that answers for it today, carrying the old code in `hop-nhat`; the page then shows
// the note "Cơ quan X đã hợp nhất vào Y từ dd/mm/yyyy" (vi / en) above its data (views/_agency-redirect-note.njk).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AgenciesService } from './agencies.service.ts';
import { redirectNoteText } from './agencies.rules.ts';

/** The query parameter that carries the code asked for after the redirect. */
export const REDIRECTED_FROM_PARAM = 'hop-nhat';

/**
 * When `code` names a merged agency (or is a former code), redirects (303) to `request.url` with the query
 * parameter `param` replaced by the successor's code — or to `path(successor code)` with the same query — and
 * `hop-nhat` = the code asked for. Answers null (nothing sent) for a current or unknown code.
 */
export async function redirectOldAgencyCode(
  agencies: AgenciesService,
  request: FastifyRequest,
  reply: FastifyReply,
  code: string | undefined,
  target: { param: string } | { path: (code: string) => string },
): Promise<FastifyReply | null> {
  const given = code?.trim();
  if (!given || !/^[A-Za-z0-9.]{2,40}$/.test(given)) return null;
  const resolved = await agencies.current(given.toUpperCase());
  if (!resolved?.redirect) return null;
  // The query of the request; the path is the route's own (never taken from the request line: no open redirect).
  const url = new URL(`http://local${request.url.startsWith('/') ? '' : '/'}${request.url.replace(/^\/+/, '/')}`);
  url.pathname = 'param' in target ? (request.routeOptions.url ?? '/') : target.path(resolved.agency.code);
  if ('param' in target) url.searchParams.set(target.param, resolved.agency.code);
  url.searchParams.set(REDIRECTED_FROM_PARAM, resolved.redirect.code);
  return reply.redirect(`${url.pathname}${url.search}`, 303);
}

/** The note of a page reached through such a redirect (in the request's language), or null. */
export async function agencyRedirectNote(agencies: AgenciesService, request: FastifyRequest, shownCode: string): Promise<string | null> {
  const from = (request.query as Record<string, unknown> | undefined)?.[REDIRECTED_FROM_PARAM];
  const redirect = await agencies.redirectFrom(typeof from === 'string' ? from : undefined, shownCode);
  return redirect ? redirectNoteText(request.t, redirect) : null;
}
