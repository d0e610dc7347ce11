// The files and postal rows of the demo year (year.ts): ONE small demo PDF stored once and attached to the documents
// of the generated dossiers (never thousands of files); a signed electronic result per signing agency — rendered from
// the procedure's result template and signed (PAdES) by the demo PKI as ResultsService.issue does — referenced by
// every result row of that agency, each row with its own verification code; the delivery address, the shipment and
// its tracking events of a result sent by post.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { allCommunes } from '../core/communes.ts';
import type { AppContext } from '../container.ts';
import type { DB as Database } from '../db/schema.ts';
import { renderResult, signPdf } from '../modules/results/results.pdf.ts';
import { fillResult, verificationUrl } from '../modules/results/results.rules.ts';
import { between, pick, STREET_LINES, type Random } from './year.people.ts';

/** How many agencies (the busiest) sign electronic results in the demo year: a demo certificate and a signature each. */
export const RESULT_AGENCIES = 1;

const HOUR = 3_600_000;

/**
 * A minimal one-page PDF (PDF 1.4, Helvetica, ASCII text): the "scanned" document every generated dossier attaches.
 * The cross-reference offsets are computed, so the file is well-formed for any reader.
 */
export function demoScanPdf(): Buffer {
  const lines = ['OpenDVC - du lieu trinh dien (demo data)', 'Ban chup giay to minh hoa cho ho so duoc sinh tu dong.', 'Illustrative scan attached to generated demo dossiers.'];
  const text = lines.map((l, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 24} Td (${l.replace(/[()\\]/g, '')}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Stores the demo scan once (in the seed's transaction); its file id. */
export async function demoScanFile(ctx: AppContext, tx: Transaction<Database>): Promise<string> {
  const file = await ctx.services.files.put(tx, demoScanPdf(), { name: 'ban-chup-minh-hoa.pdf', mediaType: 'application/pdf', createdBy: null });
  return file.id;
}

export interface ResultSource {
  agencyId: string;
  /** The verification code printed on the PDF (its first result row's). */
  code: string;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  formData: unknown;
  issuedAt: Date;
}

export interface ResultFile {
  fileId: string;
  sha256: string;
  signerSubject: string;
  signedAt: Date;
}

/**
 * The signed result of each agency: rendered from its first resolved dossier (the procedure's result template),
 * signed by the agency's demo certificate (PAdES, as ResultsService.issue) and stored once. An agency whose signature
 * fails (a configured PKCS#12 unreadable…) is left out: its dossiers then have no signed result.
 */
export async function signResults(ctx: AppContext, tx: Transaction<Database>, sources: readonly ResultSource[]): Promise<Map<string, ResultFile>> {
  const out = new Map<string, ResultFile>();
  for (const input of sources) {
    const agency = await tx
      .selectFrom('agencies as a')
      .leftJoin('agencies as p', 'p.id', 'a.parent_id')
      .select(['a.id', 'a.name', 'p.name as parent_name'])
      .where('a.id', '=', input.agencyId)
      .executeTakeFirst();
    if (!agency) continue;
    try {
      // Signed now: the demo certificate is made today, and a signature must fall within its validity.
      const at = new Date();
      const identity = await ctx.services.results.pki.signer({ id: agency.id, name: agency.name });
      const filled = fillResult({ dossierCode: input.dossierCode, procedureCode: input.procedureCode, procedureName: input.procedureName, agencyName: agency.name, applicantName: input.applicantName, formData: input.formData, issuedAt: input.issuedAt });
      const pdf = await renderResult({
        agency: { parentName: agency.parent_name, name: agency.name, place: 'Hà Nội' },
        filled,
        code: input.code,
        verifyUrl: verificationUrl(ctx.config.baseUrl, input.code),
        issuedAt: input.issuedAt,
        signerName: agency.name,
      });
      const signed = await signPdf(pdf, identity, at, { reason: filled.title, location: 'Hà Nội', name: identity.subject.slice(0, 200) });
      const file = await ctx.services.files.put(tx, signed, { name: `ket-qua-${input.dossierCode}.pdf`, mediaType: 'application/pdf', createdBy: null });
      out.set(agency.id, { fileId: file.id, sha256: file.sha256, signerSubject: identity.subject.slice(0, 1000) || '—', signedAt: at });
    } catch {
      // Left without a signed result.
    }
  }
  return out;
}

const FAILURES = ['Không liên lạc được với người nhận', 'Người nhận vắng nhà nhiều lần', 'Địa chỉ không chính xác'];

/**
 * The postal rows of a dossier whose result goes by post: the delivery address (postal_deliveries), and once it was
 * returned by post (`returnedAt`, `trackingNumber` from the return's note) the shipment with its tracking events —
 * accepted, in transit, then delivered (mostly) or failed (handed over at the counter later), none after `now`.
 */
export function postalRows(
  random: Random,
  input: { dossierId: string; agencyId: string; accountId: string; name: string; phone: string; createdAt: Date; returnedAt: Date | null; trackingNumber: string | null; now: Date },
): { delivery: Record<string, unknown>; shipment: Record<string, unknown> | null; events: Record<string, unknown>[] } {
  const commune = pick(random, allCommunes());
  const address = { recipient_name: input.name.slice(0, 100), phone: /^0[0-9]{9}$/.test(input.phone) ? input.phone : '0912345678', street: pick(random, STREET_LINES), province_code: commune.provinceCode, commune_code: commune.code };
  const delivery = { dossier_id: input.dossierId, account_id: input.accountId, ...address, created_at: input.createdAt, updated_at: input.createdAt };
  if (!input.returnedAt || !input.trackingNumber) return { delivery, shipment: null, events: [] };
  const id = randomUUID();
  const now = input.now.getTime();
  const at = (hours: number) => new Date(input.returnedAt!.getTime() + hours * HOUR);
  const failed = random() < 0.06;
  const plan: Array<{ status: string; at: Date; reason: string | null }> = [
    { status: 'accepted', at: at(between(random, 1, 4)), reason: null },
    { status: 'in_transit', at: at(between(random, 6, 20)), reason: null },
    failed ? { status: 'failed', at: at(between(random, 30, 80)), reason: pick(random, FAILURES) } : { status: 'delivered', at: at(between(random, 24, 72)), reason: null },
  ];
  const happened = plan.filter((e) => e.at.getTime() <= now);
  const last = happened[happened.length - 1];
  const status = last?.status ?? 'created';
  const counterReturned = status === 'failed' && last!.at.getTime() + 72 * HOUR <= now ? new Date(last!.at.getTime() + between(random, 24, 72) * HOUR) : null;
  const shipment = {
    id,
    dossier_id: input.dossierId,
    agency_id: input.agencyId,
    kind: 'result',
    tracking_number: input.trackingNumber,
    postage_vnd: between(random, 22, 38) * 1000,
    weight_grams: between(random, 50, 300),
    status,
    failure_reason: status === 'failed' ? last!.reason : null,
    ...address,
    created_at: input.returnedAt,
    updated_at: counterReturned ?? last?.at ?? input.returnedAt,
    counter_returned_at: counterReturned,
  };
  const events = happened.map((e, i) => ({ shipment_id: id, event_id: `EV${input.trackingNumber}-${i + 1}`, status: e.status, reason: e.reason, occurred_at: e.at, received_at: e.at, applied: true }));
  return { delivery, shipment, events };
}
