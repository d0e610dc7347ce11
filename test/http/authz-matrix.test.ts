// The authorisation matrix: every route of the application × every kind of visitor × (for routes about one
// dossier) four dossiers, one request per cell, against the expected class of answer. The routes come from the
// application itself (an onRoute hook), so a route missing from EXPECTED fails the test: a new route must say
// who may use it. Requests carry empty bodies, or the smallest body their schema accepts (BODIES, QUERIES,
// MULTIPART): what is checked is who gets past authorisation, not the use case itself, and no cell changes what
// another cell sees (see MUTATION and CATALOG_WRITES below; sign-out runs last, with sessions of its own).
// One request per cell (about 4,300), four in flight.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { RouteOptions } from 'fastify';
import type { AppContext } from '../../src/container.ts';
import { buildApp, type App, type AppModule } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { anonymousForm, login, type Session } from '../helpers/app.ts';
import { createTestContext } from '../helpers/db.ts';
import { recordConformance } from '../helpers/openapi-conformance.ts';
import { multipartBody } from '../helpers/forms.ts';
import { actorByUsername, PDF, submittedDossier } from '../helpers/dossiers.ts';

/**
 * The visitors, in the order of the letters of an expectation:
 *  0 anonymous · 1 demo.congdan (the applicant of the "own" dossiers) · 2 another citizen (applicant of the
 *  "other citizen" dossier) · 3 demo.doanhnghiep (a business member, colleague of the "organisation" dossier's applicant) · 4 demo.motcua
 *  (receptionist) · 5 demo.chuyenvien (specialist) · 6 demo.truongphong (department head) · 7 demo.lanhdao
 *  (agency leader) — all four of the Copyright Office, the agency of the "own" and "other citizen" dossiers ·
 *  8 a receptionist of Trà Vinh (the agency of the "other agency" dossier) · 9 demo.danhmuc (catalog manager) ·
 *  10 demo.quantri (administrator).
 */
const ROLES = ['anonymous', 'owner', 'citizen2', 'business', 'reception', 'specialist', 'head', 'leader', 'otherAgency', 'catalog', 'admin'] as const;
type Role = (typeof ROLES)[number];

/**
 * Classes of answer: A allowed (2xx; 3xx elsewhere than the login page; 400/409/413/415/422 — the empty request
 * got past authorisation to validation or the state machine), L sign in first (401, or a redirect to /dang-nhap),
 * F forbidden (403), N not found (404: the record is invisible to this visitor, or the page hidden), V refused by
 * the JSON route's schema before its handler, the same for everyone (415, or 422 naming a required field). Any 5xx
 * fails.
 */
type Answer = 'A' | 'L' | 'F' | 'N' | 'V';

/** The dossiers of the record dimension. */
const RECORDS = ['own', 'otherCitizen', 'otherAgency', 'organisation'] as const;
type RecordKind = (typeof RECORDS)[number];

// Expectations: one letter per visitor (ROLES order). Routes about one dossier have four groups, one per record
// (own: demo.congdan's at the Copyright Office · otherCitizen: citizen2's at the Copyright Office · otherAgency:
// demo.congdan's, at Trà Vinh · organisation: a colleague of demo.doanhnghiep's, at the Copyright Office),
// separated by spaces.
/** Public (or a public form that validates: the answer class is the same for everyone). */
const ALL = 'AAAAAAAAAAA';
const SIGNED_IN = 'LAAAAAAAAAA';
/** Administrators only (the demo administrator's subtree covers every agency). */
const ADMIN = 'LFFFFFFFFFA';
const CATALOG = 'LFFFFFFFFAF';
/** JSON routes whose schema refuses the empty request before the handler (same answer for all; see V). */
const SCHEMA_FIRST = 'VVVVVVVVVVV';
/** Every staff account (citizens and businesses: 403). */
const STAFF = 'LFFFAAAAAAA';
/** A record of a staff-only capability that does not exist (the matrix's random id): 404 once past the staff check. */
const STAFF_RECORD = 'LFFFNNNNNNN';
/**
 * The applicant's pages and API that only read: the dossier's applicant, and the members of the applicant's
 * organisation (the fourth dossier); everybody else as if it did not exist.
 */
const APPLICANT_READ = 'LANNNNNNNNN LNANNNNNNNN LANNNNNNNNN LNNANNNNNNN';
/** What acts on the dossier from the applicant's side: the applicant alone (organisation members read only). */
const APPLICANT = 'LANNNNNNNNN LNANNNNNNNN LANNNNNNNNN LNNNNNNNNNN';
/** As APPLICANT, and staff are told that applicants only may do this (403 DOSSIER_APPLICANTS_ONLY). */
const APPLICANT_ONLY = 'LANNFFFFFFF LNANFFFFFFF LANNFFFFFFF LNNNFFFFFFF';
/** Both sides of a dossier: its applicant and the handling officers of its agency (the state machine). */
const SIDES = 'LANNAAAANNN LNANAAAANNN LANNNNNNANN LNNNAAAANNN';
/** As SIDES, and the members of the applicant's organisation (the messages). */
const SIDES_READ = 'LANNAAAANNN LNANAAAANNN LANNNNNNANN LNNAAAAANNN';
/** The back office's view of a dossier: officers of its agency, and administrators (read). */
const OFFICER_READ = 'LNNNAAAANNA LNNNAAAANNA LNNNNNNNANA LNNNAAAANNA';
const OFFICER_ACT = 'LNNNAAAANNN LNNNAAAANNN LNNNNNNNANN LNNNAAAANNN';

const EXPECTED: Record<string, string> = {
  'GET /api/health': ALL,
  'GET /api/ready': ALL,
  'GET /metrics': 'NNNNNNNNNNN',
  'GET /favicon.ico': ALL,
  'GET /api/notifications': SIGNED_IN,
  'POST /api/notifications/:id/read': 'LANNNNNNNNN',
  'POST /api/notifications/read-all': SIGNED_IN,
  'GET /thong-bao': SIGNED_IN,
  'POST /thong-bao/:id/da-doc': 'LANNNNNNNNN',
  'POST /thong-bao/da-doc-tat-ca': SIGNED_IN,
  'POST /api/auth/login': SCHEMA_FIRST,
  'GET /api/auth/me': SIGNED_IN,
  'GET /dang-nhap': ALL,
  'POST /dang-nhap': 'LLLLLLLLLLL',
  'GET /dang-nhap/mo-khoa': ALL,
  // Sign-in with VNeID: not configured here (no VNEID_*), so hidden (404) for everyone; test/http/sso-vneid.test.ts
  // covers them with the simulator. The sign-out hand-over page without its cookie goes home.
  'GET /dang-nhap/vneid': 'NNNNNNNNNNN',
  'GET /dang-nhap/vneid/callback': 'NNNNNNNNNNN',
  'GET /dang-xuat/vneid': ALL,
  'POST /api/auth/vneid/backchannel-logout': 'NNNNNNNNNNN',
  'POST /dang-nhap/mo-khoa': ALL,
  'POST /api/auth/register/citizen': SCHEMA_FIRST,
  'POST /api/auth/register/organisation': SCHEMA_FIRST,
  'POST /api/auth/verify-email': SCHEMA_FIRST,
  'POST /api/auth/password/forgot': SCHEMA_FIRST,
  'POST /api/auth/password/reset': SCHEMA_FIRST,
  'POST /api/auth/password/change': SIGNED_IN,
  'GET /api/auth/organisation/members': 'LFFAFFFFFFF',
  'POST /api/auth/organisation/members': 'LFFAFFFFFFF',
  'GET /dang-ky': ALL,
  'GET /dang-ky/cong-dan': ALL,
  'POST /dang-ky/cong-dan': ALL,
  'GET /dang-ky/to-chuc': ALL,
  'POST /dang-ky/to-chuc': ALL,
  'GET /dang-ky/da-gui': ALL,
  'GET /xac-thuc-email': ALL,
  'POST /xac-thuc-email': ALL,
  'GET /quen-mat-khau': ALL,
  'POST /quen-mat-khau': ALL,
  'GET /dat-lai-mat-khau': ALL,
  'POST /dat-lai-mat-khau': ALL,
  'GET /tai-khoan': SIGNED_IN,
  'GET /tai-khoan/mat-khau': SIGNED_IN,
  'POST /tai-khoan/mat-khau': SIGNED_IN,
  'POST /tai-khoan/ngon-ngu': SIGNED_IN,
  'GET /tai-khoan/to-chuc': 'LFFAFFFFFFF',
  'POST /tai-khoan/to-chuc': 'LFFAFFFFFFF',
  'GET /hop-thu': ALL,
  'GET /hop-thu/sms': 'NNNNNNNNNNN',
  'GET /hop-thu/:id': 'NANNNNNNNNA',
  'GET /api/agencies': ALL,
  'POST /api/agencies': SCHEMA_FIRST,
  'PATCH /api/agencies/:code': ADMIN,
  'POST /api/agencies/:code/merge': SCHEMA_FIRST,
  'GET /api/agencies/:code/departments': ADMIN,
  'POST /api/agencies/:code/departments': ADMIN,
  'GET /quan-tri/co-quan': ADMIN,
  'GET /quan-tri/co-quan/them': ADMIN,
  'POST /quan-tri/co-quan/them': ADMIN,
  'GET /quan-tri/co-quan/:code': ADMIN,
  'POST /quan-tri/co-quan/:code/phong-ban': ADMIN,
  'GET /quan-tri/co-quan/:code/sua': ADMIN,
  'POST /quan-tri/co-quan/:code/sua': ADMIN,
  'GET /quan-tri/co-quan/:code/sap-nhap': ADMIN,
  'POST /quan-tri/co-quan/:code/sap-nhap': ADMIN,
  'GET /api/staff': ADMIN,
  'POST /api/staff': ADMIN,
  'GET /api/staff/:id': ADMIN,
  'PATCH /api/staff/:id': ADMIN,
  // Administrators, inspectors and catalog managers (their tools: procedures, e-forms, the catalog sync).
  'GET /quan-tri': 'LFFFFFFFFAA',
  'GET /quan-tri/tai-khoan': ADMIN,
  'GET /quan-tri/tai-khoan/them': ADMIN,
  'POST /quan-tri/tai-khoan/them': ADMIN,
  'GET /quan-tri/tai-khoan/:id': ADMIN,
  'POST /quan-tri/tai-khoan/:id/vai-tro': ADMIN,
  'POST /quan-tri/tai-khoan/:id/trang-thai': ADMIN,
  // Service accounts and API keys (an unknown id: the administrator gets past authorisation to 404).
  'GET /api/service-accounts': ADMIN,
  'POST /api/service-accounts': ADMIN,
  'GET /api/service-accounts/:id': 'LFFFFFFFFFN',
  'POST /api/service-accounts/:id/keys': 'LFFFFFFFFFN',
  'POST /api/api-keys/:id/rotate': 'LFFFFFFFFFN',
  'POST /api/api-keys/:id/revoke': 'LFFFFFFFFFN',
  'POST /api/service-accounts/:id/disable': 'LFFFFFFFFFN',
  'POST /api/service-accounts/:id/enable': 'LFFFFFFFFFN',
  'POST /quan-tri/khoa-api/:id/khoa-tai-khoan': 'LFFFFFFFFFN',
  'POST /quan-tri/khoa-api/:id/mo-khoa-tai-khoan': 'LFFFFFFFFFN',
  'GET /quan-tri/khoa-api': ADMIN,
  'GET /quan-tri/khoa-api/them': ADMIN,
  'POST /quan-tri/khoa-api/them': ADMIN,
  'GET /quan-tri/khoa-api/:id': 'LFFFFFFFFFN',
  'POST /quan-tri/khoa-api/:id/khoa': 'LFFFFFFFFFN',
  'GET /quan-tri/khoa-api/khoa/:id/thu-hoi': 'LFFFFFFFFFN',
  'POST /quan-tri/khoa-api/khoa/:id/thu-hoi': 'LFFFFFFFFFN',
  'GET /quan-tri/khoa-api/khoa/:id/doi-khoa': 'LFFFFFFFFFN',
  'POST /quan-tri/khoa-api/khoa/:id/doi-khoa': 'LFFFFFFFFFN',
  'GET /api/audit': ADMIN,
  'GET /quan-tri/nhat-ky': ADMIN,
  'GET /': ALL,
  'GET /thu-tuc': ALL,
  'GET /thu-tuc/:code': ALL,
  'GET /tep/:fileId': ALL,
  'GET /api/procedures': ALL,
  'GET /api/procedures/:code': ALL,
  'POST /api/catalog/procedures': SCHEMA_FIRST,
  'PUT /api/catalog/procedures/:code/draft': SCHEMA_FIRST,
  'POST /api/catalog/procedures/:code/versions': CATALOG,
  'POST /api/catalog/procedures/:code/publish': CATALOG,
  'POST /api/catalog/procedures/:code/retire': CATALOG,
  'GET /api/procedures/:code/versions/:version/form': CATALOG,
  'PUT /api/procedures/:code/versions/:version/form': CATALOG,
  'GET /api/catalog/export': CATALOG,
  'POST /api/catalog/procedures/:code/documents/:position/template': CATALOG,
  'POST /quan-tri/thu-tuc/:code/tai-lieu/:position/mau': CATALOG,
  'POST /quan-tri/thu-tuc/nhap': CATALOG,
  'GET /quan-tri/thu-tuc': CATALOG,
  'GET /quan-tri/thu-tuc/xuat.json': CATALOG,
  'GET /quan-tri/thu-tuc/xuat.xlsx': CATALOG,
  'GET /quan-tri/dong-bo-thu-tuc': CATALOG,
  'POST /quan-tri/dong-bo-thu-tuc': CATALOG,
  'GET /quan-tri/dong-bo-thu-tuc/:id': 'LFFFFFFFFNF',
  'GET /quan-tri/thu-tuc/nhap': CATALOG,
  'GET /quan-tri/thu-tuc/moi': CATALOG,
  'POST /quan-tri/thu-tuc/moi': CATALOG,
  'GET /quan-tri/thu-tuc/:code': CATALOG,
  'GET /quan-tri/thu-tuc/:code/phien-ban/:version/bieu-mau': CATALOG,
  'POST /quan-tri/thu-tuc/:code/phien-ban/:version/bieu-mau': CATALOG,
  'GET /quan-tri/thu-tuc/:code/phien-ban/:version/bieu-mau/nang-cao': CATALOG,
  'POST /quan-tri/thu-tuc/:code/phien-ban/:version/bieu-mau/thiet-ke': CATALOG,
  'GET /quan-tri/thu-tuc/:code/sua': CATALOG,
  'POST /quan-tri/thu-tuc/:code/sua': CATALOG,
  'POST /quan-tri/thu-tuc/:code/phien-ban-moi': CATALOG,
  'POST /quan-tri/thu-tuc/:code/cong-bo': CATALOG,
  'POST /quan-tri/thu-tuc/:code/bai-bo': CATALOG,
  'GET /api/calendar/holidays': ALL,
  'GET /api/calendar/due': ALL,
  'GET /api/calendar/years/:year': ALL,
  'PUT /api/calendar/years/:year': ADMIN,
  'GET /api/calendar/agencies/:code/hours': ALL,
  'PUT /api/calendar/agencies/:code/hours': SCHEMA_FIRST,
  'GET /lich-nghi-le': ALL,
  'GET /quan-tri/lich-nam': ADMIN,
  'GET /quan-tri/lich-nam/:year': ADMIN,
  'POST /quan-tri/lich-nam/:year': ADMIN,
  'POST /api/dossiers': 'LAAAFFFFFFF',
  'PUT /api/dossiers/:id/form': APPLICANT_ONLY,
  'POST /api/dossiers/:id/submit': APPLICANT_ONLY,
  'GET /api/dossiers': SIGNED_IN,
  'GET /api/dossiers/:id': APPLICANT_READ,
  'GET /api/lookup/:code': 'NNNNNNNNNNN',
  'POST /api/dossiers/:id/files': APPLICANT_ONLY,
  'GET /nop-ho-so/:code': ALL,
  'POST /nop-ho-so/:code': 'LAAAFFFFFFF',
  'GET /ho-so/:id/to-khai': APPLICANT_READ,
  'POST /ho-so/:id/to-khai': APPLICANT_READ,
  'GET /ho-so/:id/giay-to': APPLICANT_READ,
  'POST /ho-so/:id/giay-to': APPLICANT,
  'POST /ho-so/:id/giay-to/tu-kho': APPLICANT,
  'POST /ho-so/:id/giay-to/xoa': 'LNNNFFFFFFF LNNNFFFFFFF LNNNFFFFFFF LNNNFFFFFFF',
  'GET /ho-so/:id/kiem-tra': APPLICANT_READ,
  'POST /ho-so/:id/kiem-tra': APPLICANT_READ,
  'GET /ho-so/:id/da-nop': APPLICANT_READ,
  'GET /ho-so': SIGNED_IN,
  'GET /ho-so/:id/tiep-tuc': 'LANNFFFFFFF LNANFFFFFFF LANNFFFFFFF LNNAFFFFFFF',
  'GET /ho-so/:id': APPLICANT_READ,
  'GET /ho-so/:id/bo-sung': APPLICANT_READ,
  'POST /ho-so/:id/bo-sung/tu-kho': APPLICANT,
  'POST /ho-so/:id/bo-sung': APPLICANT,
  'GET /ho-so/:id/rut': APPLICANT_READ,
  'POST /ho-so/:id/rut': APPLICANT_READ,
  'POST /ho-so/:id/rut/xac-nhan': APPLICANT_READ,
  'POST /api/dossiers/:id/supplement': APPLICANT,
  'GET /tra-cuu': ALL,
  'POST /tra-cuu': ALL,
  'GET /api/documents': 'LAAAFFFFFFF',
  'GET /api/documents/:id/content': 'LANNFFFFFFF',
  'POST /api/dossiers/:id/files/from-store': APPLICANT_ONLY,
  'DELETE /api/dossiers/:id/files/:fileId': APPLICANT_ONLY,
  'GET /kho-giay-to': 'LAAAFFFFFFF',
  'GET /kho-giay-to/:id/tep': 'LANNFFFFFFF',
  'GET /ho-so/:id/giay-xac-nhan.pdf': APPLICANT_READ,
  'GET /api/dossiers/:id/receipt.pdf': APPLICANT_READ,
  'GET /api/reports/handling': 'LFFFFFAAFFA',
  'GET /api/reports/handling/dossiers': 'LFFFFFAAFFA',
  'GET /api/indicators': 'LFFFFFAAFFA',
  'GET /bao-cao': ALL,
  'GET /bao-cao/xu-ly': 'LFFFFFAAFFA',
  'GET /bao-cao/xu-ly.xlsx': 'LFFFFFAAFFA',
  'GET /bao-cao/xu-ly.pdf': 'LFFFFFAAFFA',
  'GET /bao-cao/xu-ly/ho-so': 'LFFFFFAAFFA',
  'GET /bao-cao/tong-quan': 'LFFFFFAAFFA',
  'POST /api/officer/intake': SCHEMA_FIRST,
  'GET /api/officer/dossiers/:id/forms/:form.pdf': 'LFFFAAAANNN LFFFAAAANNN LFFFNNNNANN LFFFAAAANNN',
  'GET /api/officer/tracking-book.pdf': 'LFFFAAAAAFF',
  'GET /api/officer/tracking-book.xlsx': 'LFFFAAAAAFF',
  'POST /api/officer/intake/:id/files': 'LFFFANNNNNN LFFFANNNNNN LFFFNNNNANN LFFFANNNNNN',
  'GET /api/scorecards/766': ALL,
  'GET /api/scorecards/766/ranking': ALL,
  'GET /api/scorecards/766/history': ALL,
  'GET /api/scorecards/766/config': ALL,
  'PUT /api/scorecards/766/config': SCHEMA_FIRST,
  'GET /cong-khai/chi-so-766': ALL,
  'GET /cong-khai/chi-so-766/xep-hang': ALL,
  'GET /quan-tri/chi-so-766': ADMIN,
  'POST /quan-tri/chi-so-766': ADMIN,
  'GET /cong-khai': ALL,
  'GET /cong-khai/co-quan/:code': ALL,
  'GET /api/dossiers/:id/messages': SIDES_READ,
  'POST /api/dossiers/:id/messages': SIDES_READ,
  'GET /ho-so/:id/tin-nhan': APPLICANT_READ,
  'POST /ho-so/:id/tin-nhan': APPLICANT_READ,
  'GET /api/ratings/criteria': ALL,
  'POST /api/dossiers/:id/rating': APPLICANT_READ,
  'GET /ho-so/:id/danh-gia': APPLICANT_READ,
  'POST /ho-so/:id/danh-gia': APPLICANT_READ,
  'GET /quan-tri/nhap-ho-so': ADMIN,
  'GET /quan-tri/nhap-ho-so/:id': 'LFFFFFFFFFN',
  'GET /quan-tri/nhap-ho-so/:id/dong-loi.csv': 'LFFFFFFFFFN',
  'GET /api/imports/:id': 'LFFFFFFFFFN',
  'POST /quan-tri/nhap-ho-so': ADMIN,
  'POST /api/dossiers/:id/actions/accept': SIDES,
  'POST /api/dossiers/:id/actions/request_supplement': SIDES,
  'POST /api/dossiers/:id/actions/refuse': SIDES,
  'POST /api/dossiers/:id/actions/forward': SIDES,
  // The tasks of a step (handling.tasks.ts): officers of the dossier's agency; reassigning, heads and leaders only.
  'POST /api/dossiers/:id/tasks/complete': OFFICER_ACT,
  'POST /api/dossiers/:id/tasks/return': OFFICER_ACT,
  'POST /api/dossiers/:id/tasks/take': OFFICER_ACT,
  'POST /api/dossiers/:id/reassign': 'LNNNFFAANNN LNNNFFAANNN LNNNNNNNFNN LNNNFFAANNN',
  'POST /api/dossiers/:id/actions/send_back': SIDES,
  'POST /api/dossiers/:id/actions/request_payment': SIDES,
  'POST /api/dossiers/:id/actions/resume': SIDES,
  'POST /api/dossiers/:id/actions/respond_supplement': SIDES,
  'POST /api/dossiers/:id/actions/apologise': SIDES,
  'POST /api/dossiers/:id/actions/stop': SIDES,
  'POST /api/dossiers/:id/actions/record_result': SIDES,
  'POST /api/dossiers/:id/actions/return_result': SIDES,
  'POST /api/dossiers/:id/actions/withdraw': SIDES,
  'GET /api/officer/dossiers': 'LFFFAAAAAFF',
  'GET /api/officer/dossiers/:id': OFFICER_READ,
  'GET /api/officer/dossiers/:id/control-sheet': 'LANNAAAANNA LNANAAAANNA LANNNNNNANA LNNNAAAANNA',
  'GET /api/procedures/:code/versions/:version/workflow': 'LFFFAAAAFAA',
  'PUT /api/procedures/:code/versions/:version/workflow': CATALOG,
  'GET /can-bo': 'LFFFAAAAAFF',
  'GET /can-bo/so-theo-doi': SIGNED_IN,
  'GET /can-bo/ho-so/:id': OFFICER_READ,
  // Payments (src/modules/payments): the platform's callback is authenticated by its signature only (none is
  // configured here: 401 for everyone); the receipts of an unknown order are not found for whoever may see the dossier.
  'POST /api/payments/callback': 'LLLLLLLLLLL',
  'GET /api/dossiers/:id/payment': APPLICANT_READ,
  'POST /api/dossiers/:id/payment': APPLICANT,
  'GET /ho-so/:id/thanh-toan': APPLICANT_READ,
  'POST /ho-so/:id/thanh-toan': APPLICANT,
  'POST /ho-so/:id/thanh-toan/vietqr': APPLICANT,
  'GET /ho-so/:id/thanh-toan/don/:orderId': 'LNNNNNNNNNN LNNNNNNNNNN LNNNNNNNNNN LNNNNNNNNNN',
  'GET /ho-so/:id/thanh-toan/bien-lai/:orderId': 'LNNNNNNNNNN LNNNNNNNNNN LNNNNNNNNNN LNNNNNNNNNN',
  'GET /thanh-toan/ket-qua': ALL,
  'GET /can-bo/ho-so/:id/thanh-toan': OFFICER_READ,
  'GET /can-bo/ho-so/:id/thanh-toan/bien-lai/:orderId': 'LNNNNNNNNNN LNNNNNNNNNN LNNNNNNNNNN LNNNNNNNNNN',
  'GET /ke-toan/thanh-toan': 'LFFFFFFFFFF',
  'POST /ke-toan/thanh-toan/:orderId/xac-nhan': 'LFFFFFFFFFF',
  'POST /ke-toan/thanh-toan/:orderId/hoan-tien': 'LFFFFFFFFFF',
  'POST /ke-toan/doi-soat/:id/xu-ly': 'LFFFFFFFFFF',
  'POST /ke-toan/doi-soat': 'LFFFFFFFFFF',
  'GET /quan-tri/thu-tuc/:code/phien-ban/:version/phi': CATALOG,
  'POST /quan-tri/thu-tuc/:code/phien-ban/:version/phi': CATALOG,
  'GET /can-bo/ho-so/:id/tep/:fileId': OFFICER_READ,
  'POST /can-bo/ho-so/:id/tin-nhan': OFFICER_READ,
  'POST /can-bo/ho-so/:id/co-quan-lien-thong': OFFICER_ACT,
  'POST /api/officer/dossiers/:id/routing-agency': OFFICER_ACT,
  // Scan to open and the pickup counter (floor.scan*.ts): a code that names no dossier is not found for officers.
  'GET /api/officer/scan': 'LFFFNNNNNFF',
  'POST /api/officer/dossiers/:id/pickup': OFFICER_READ,
  'GET /can-bo/quet': STAFF,
  'GET /can-bo/quet/:id': 'LNNNNNNNNNN',
  'POST /can-bo/quet/:id/tra-ket-qua': 'LNNNNNNNNNN',
  // The live board (floor.board*.ts), public; the matrix's literal ":agencyCode" names no agency.
  'GET /api/floor/boards/:agencyCode': 'NNNNNNNNNNN',
  'GET /quay/:agencyCode/bang': 'NNNNNNNNNNN',
  'GET /quay/:agencyCode/bang/su-kien': 'NNNNNNNNNNN',
  // The floor's reports (floor.reports*.ts): department heads and agency leaders.
  'GET /api/floor/reports': 'LFFFFFAAFFF',
  'GET /can-bo/quay/bao-cao': 'LFFFFFAAFFF',
  'GET /can-bo/quay/bao-cao.xlsx': 'LFFFFFAAFFF',
  'POST /can-bo/ho-so/:id/thong-tin-can-bo': OFFICER_READ,
  'POST /can-bo/ho-so/:id/record_result': OFFICER_ACT,
  'POST /can-bo/ho-so/:id/:action': OFFICER_ACT,
  'POST /can-bo/ho-so/:id/nhiem-vu': OFFICER_ACT,
  'GET /quan-tri/thu-tuc/:code/phien-ban/:version/quy-trinh': CATALOG,
  'POST /quan-tri/thu-tuc/:code/phien-ban/:version/quy-trinh': CATALOG,
  'GET /can-bo/tiep-nhan': 'LFFFAFFFAFF',
  'POST /can-bo/tiep-nhan': 'LFFFAFFFAFF',
  'POST /can-bo/tiep-nhan/dang-ky': 'LFFFAFFFAFF',
  'GET /can-bo/tiep-nhan/:id': 'LFFFNFFFNFF LFFFNFFFNFF LFFFNFFFNFF LFFFNFFFNFF',
  'POST /can-bo/tiep-nhan/:id/ban-quet': 'LFFFNFFFNFF LFFFNFFFNFF LFFFNFFFNFF LFFFNFFFNFF',
  // Public postal service: the address units are public; the webhook answers 401 to any request without the postal
  // service's signature; the counter return queue is the handling officers'; marking a return needs a shipment of
  // the officer's agencies (here an id that is none). Sending the result: the dossiers are not ready (409 after the
  // back office's read authorisation, so the administrator, who reads, gets as far).
  'GET /api/postal/provinces': ALL,
  // Public; the matrix's :code is a procedure code, no province: 404 for everyone alike.
  'GET /api/postal/provinces/:code/communes': 'NNNNNNNNNNN',
  'POST /api/postal/webhook': 'LLLLLLLLLLL',
  'GET /api/dossiers/:id/postal': APPLICANT_READ,
  'PUT /api/dossiers/:id/postal/delivery': APPLICANT,
  'POST /api/dossiers/:id/postal/send-result': OFFICER_READ,
  'GET /ho-so/:id/buu-chinh': APPLICANT_READ,
  'POST /ho-so/:id/buu-chinh': APPLICANT,
  'GET /ho-so/:id/buu-chinh/gui-ho-so': APPLICANT_READ,
  'POST /ho-so/:id/buu-chinh/gui-ho-so': APPLICANT,
  'POST /api/dossiers/:id/postal/pickup': APPLICANT,
  'GET /can-bo/ho-so/:id/buu-chinh': OFFICER_READ,
  'POST /can-bo/ho-so/:id/buu-chinh': OFFICER_READ,
  // The address recorded by an officer: those who handle the agency's dossiers (the administrator reads, may not).
  'POST /can-bo/ho-so/:id/buu-chinh/dia-chi': 'LNNNAAAANNF LNNNAAAANNF LNNNNNNNANF LNNNAAAANNF',
  'GET /can-bo/buu-chinh': 'LFFFAAAAAFF',
  'POST /can-bo/buu-chinh/:id/da-tra': 'LNNNNNNNNNN',
  // National Public Service Portal: the inbound endpoint answers 401 to any request without the portal's token; the
  // reconciliation page is the administrators'; a retry of an unknown message is 404 for them.
  'POST /api/national-portal/dossiers': 'LLLLLLLLLLL',
  'GET /quan-tri/cong-dvc-quoc-gia': ADMIN,
  'POST /quan-tri/cong-dvc-quoc-gia/:id/gui-lai': 'LFFFFFFFFFN',
  // Webhooks (administrators, within their subtree; an unknown subscription: the administrator gets past authorisation to 404).
  'GET /api/webhooks': ADMIN,
  'POST /api/webhooks': ADMIN,
  'GET /api/webhooks/:id': 'LFFFFFFFFFN',
  'PUT /api/webhooks/:id': 'LFFFFFFFFFN',
  'DELETE /api/webhooks/:id': 'LFFFFFFFFFN',
  'POST /api/webhooks/:id/rotate-secret': 'LFFFFFFFFFN',
  'GET /api/webhooks/:id/deliveries': 'LFFFFFFFFFN',
  'POST /api/webhooks/:id/deliveries/:deliveryId/resend': 'LFFFFFFFFFN',
  // The national document exchange (edXML): partners and packages for administrators; a dossier's exchange page for
  // its readers, sending its external step for the officers of its agency (the matrix's dossiers are at no external
  // step: 409 once past authorisation; an administrator reads but does not handle: 403).
  'GET /quan-tri/truc-lien-thong': ADMIN,
  'GET /quan-tri/truc-lien-thong/them': ADMIN,
  'POST /quan-tri/truc-lien-thong/them': ADMIN,
  'GET /quan-tri/truc-lien-thong/:id/sua': 'LFFFFFFFFFN',
  'POST /quan-tri/truc-lien-thong/:id/sua': 'LFFFFFFFFFN',
  'GET /can-bo/ho-so/:id/truc-lien-thong': OFFICER_READ,
  // Only a partner's result file (06) of the dossier is served there: the dossier's own file is 404 even in scope
  // (test/http/docexchange-result-file.test.ts checks the scope with a result file).
  'GET /can-bo/ho-so/:id/truc-lien-thong/tep/:fileId': 'LNNNNNNNNNN LNNNNNNNNNN LNNNNNNNNNN LNNNNNNNNNN',
  'POST /can-bo/ho-so/:id/truc-lien-thong/gui': 'LNNNAAAANNF LNNNAAAANNF LNNNNNNNANF LNNNAAAANNF',
  'GET /quan-tri/webhook': ADMIN,
  'GET /quan-tri/webhook/them': ADMIN,
  'POST /quan-tri/webhook/them': ADMIN,
  'GET /quan-tri/webhook/:id': 'LFFFFFFFFFN',
  'GET /quan-tri/webhook/:id/sua': 'LFFFFFFFFFN',
  'POST /quan-tri/webhook/:id/sua': 'LFFFFFFFFFN',
  'POST /quan-tri/webhook/:id/doi-khoa': 'LFFFFFFFFFN',
  'POST /quan-tri/webhook/:id/xoa': 'LFFFFFFFFFN',
  'POST /quan-tri/webhook/:id/gui-lai/:deliveryId': 'LFFFFFFFFFN',
  // SIPAS survey: administrators (the organising body) manage rounds in their subtree; leaders and inspectors read
  // results (an unknown round: 404 once past the role check); the answer link is public, its token the credential
  // (the matrix's ':token' is no token: 404 for everyone).
  'GET /api/surveys/questionnaires': 'LFFFFFFAFFA',
  'GET /api/surveys/questionnaires/:id': 'LFFFFFFNFFN',
  'GET /api/surveys/rounds': 'LFFFFFFAFFA',
  'POST /api/surveys/rounds': ADMIN,
  'GET /api/surveys/rounds/:id': 'LFFFFFFNFFN',
  'POST /api/surveys/rounds/:id/draw': 'LFFFFFFFFFN',
  'POST /api/surveys/rounds/:id/invitations': 'LFFFFFFFFFN',
  'POST /api/surveys/rounds/:id/paper': 'LFFFFFFFFFN',
  'GET /api/surveys/report': 'LFFFFFFAFFA',
  'GET /api/surveys/answer/:token': 'NNNNNNNNNNN',
  'POST /api/surveys/answer/:token': 'NNNNNNNNNNN',
  'GET /quan-tri/khao-sat': 'LFFFFFFAFFA',
  'GET /quan-tri/khao-sat/dot-moi': ADMIN,
  'POST /quan-tri/khao-sat/dot-moi': ADMIN,
  'GET /quan-tri/khao-sat/:id': 'LFFFFFFNFFN',
  'POST /quan-tri/khao-sat/:id/chon-mau': 'LFFFFFFFFFN',
  'POST /quan-tri/khao-sat/:id/gui-loi-moi': 'LFFFFFFFFFN',
  'GET /quan-tri/khao-sat/:id/phieu-giay': 'LFFFFFFNFFN',
  'POST /quan-tri/khao-sat/:id/phieu-giay': 'LFFFFFFFFFN',
  // Work calendar and invitations: every staff account reads its agencies' calendar (an unknown entry or invitation:
  // 404 once past the staff check); department heads, leaders and administrators draft; the personal link's token
  // is the credential (the matrix's ':token' is no token: 404 for everyone); the public calendar is open.
  'GET /api/meetings/week': STAFF,
  'GET /api/meetings/mine': STAFF,
  'GET /api/meetings/public/week': ALL,
  'POST /api/meetings/events': SCHEMA_FIRST,
  'GET /api/meetings/events/:id': STAFF_RECORD,
  'PUT /api/meetings/events/:id': SCHEMA_FIRST,
  'POST /api/meetings/events/:id/publish': STAFF_RECORD,
  'POST /api/meetings/events/:id/cancel': STAFF_RECORD,
  'POST /api/meetings/events/:id/invitations': SCHEMA_FIRST,
  'POST /api/meetings/events/:id/send': STAFF_RECORD,
  'POST /api/meetings/events/:id/attachments': STAFF_RECORD,
  'GET /api/meetings/events/:id/attachments/:attachmentId': STAFF_RECORD,
  'POST /api/meetings/invitations/:id/response': SCHEMA_FIRST,
  'GET /api/meetings/invitation/:token': 'NNNNNNNNNNN',
  'POST /api/meetings/invitation/:token/response': SCHEMA_FIRST,
  'GET /lich-cong-tac': STAFF,
  'GET /lich-cong-tac/tuan.pdf': STAFF,
  'GET /lich-cong-tac/cua-toi': STAFF,
  'GET /lich-cong-tac/them': 'LFFFFFAAFFA',
  'POST /lich-cong-tac/them': 'LFFFFFAAFFA',
  'GET /lich-cong-tac/:id': STAFF_RECORD,
  'POST /lich-cong-tac/:id/sua': STAFF_RECORD,
  'POST /lich-cong-tac/:id/cong-bo': STAFF_RECORD,
  'POST /lich-cong-tac/:id/huy': STAFF_RECORD,
  'POST /lich-cong-tac/:id/moi': STAFF_RECORD,
  'POST /lich-cong-tac/:id/gui-giay-moi': STAFF_RECORD,
  'GET /lich-cong-tac/:id/giay-moi.pdf': STAFF_RECORD,
  'GET /lich-cong-tac/:id/tai-lieu/:attachmentId': STAFF_RECORD,
  'POST /lich-cong-tac/:id/tai-lieu': STAFF_RECORD,
  'GET /lich-cong-tac/giay-moi/:id': STAFF_RECORD,
  'POST /lich-cong-tac/giay-moi/:id': STAFF_RECORD,
  'GET /giay-moi/:token': 'NNNNNNNNNNN',
  'POST /giay-moi/:token': 'NNNNNNNNNNN',
  'GET /giay-moi/:token/giay-moi.pdf': 'NNNNNNNNNNN',
  'GET /giay-moi/:token/tai-lieu/:attachmentId': 'NNNNNNNNNNN',
  'GET /lich-cong-tac-cong-khai': ALL,
  // PAR Index: staff only. An unknown assessment or set: 404 once past the staff check; the trees are edited by
  // administrators of a top-level agency (demo.quantri); an agency's history by its leaders and the reviewing body.
  'GET /api/par-index/sets': STAFF,
  'POST /api/par-index/sets': SCHEMA_FIRST,
  'GET /api/par-index/sets/:id': STAFF_RECORD,
  'PUT /api/par-index/sets/:id/tree': SCHEMA_FIRST,
  'POST /api/par-index/sets/:id/nodes': SCHEMA_FIRST,
  'PATCH /api/par-index/sets/:id/nodes/:code': SCHEMA_FIRST,
  'DELETE /api/par-index/sets/:id/nodes/:code': 'LFFFFFFFFFN',
  'GET /api/par-index/assessments': STAFF,
  'POST /api/par-index/assessments': SCHEMA_FIRST,
  'GET /api/par-index/assessments/:id': STAFF_RECORD,
  'PUT /api/par-index/assessments/:id/self': SCHEMA_FIRST,
  'POST /api/par-index/assessments/:id/evidence': STAFF_RECORD,
  'GET /api/par-index/assessments/:id/evidence/:evidenceId': STAFF_RECORD,
  'DELETE /api/par-index/assessments/:id/evidence/:evidenceId': STAFF_RECORD,
  'POST /api/par-index/assessments/:id/submit': STAFF_RECORD,
  'PUT /api/par-index/assessments/:id/appraisal': SCHEMA_FIRST,
  'POST /api/par-index/assessments/:id/finish': STAFF_RECORD,
  'POST /api/par-index/assessments/:id/reopen': STAFF_RECORD,
  'GET /api/par-index/assessments/:id/proposals': STAFF_RECORD,
  'GET /api/par-index/ranking': STAFF,
  'GET /api/par-index/history': 'LFFFFFFAFFA',
  'GET /api/par-plans': STAFF,
  'POST /api/par-plans': SCHEMA_FIRST,
  'GET /api/par-plans/:id': STAFF_RECORD,
  'POST /api/par-plans/:id/tasks': SCHEMA_FIRST,
  'POST /api/par-plan-tasks/:id/cancel': STAFF_RECORD,
  'POST /api/par-plan-tasks/:id/reports': SCHEMA_FIRST,
  'GET /quan-tri/ke-hoach-cchc': STAFF,
  'POST /quan-tri/ke-hoach-cchc': STAFF,
  'GET /quan-tri/ke-hoach-cchc/:id': STAFF_RECORD,
  'POST /quan-tri/ke-hoach-cchc/:id/nhiem-vu': STAFF_RECORD,
  'GET /quan-tri/ke-hoach-cchc/:id/excel': STAFF_RECORD,
  'GET /quan-tri/ke-hoach-cchc/nhiem-vu/:id': STAFF_RECORD,
  'POST /quan-tri/ke-hoach-cchc/nhiem-vu/:id/huy': STAFF_RECORD,
  'GET /quan-tri/ke-hoach-cchc/nhiem-vu/:id/tai-lieu/:reportId': STAFF_RECORD,
  'POST /quan-tri/ke-hoach-cchc/nhiem-vu/:id/bao-cao': STAFF_RECORD,
  'GET /quan-tri/chi-so-cchc': STAFF,
  'POST /quan-tri/chi-so-cchc/bat-dau': STAFF,
  'GET /quan-tri/chi-so-cchc/danh-gia/:id': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/tu-danh-gia': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/tham-dinh': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/de-xuat': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/nop': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/hoan-thanh': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/mo-lai': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/tai-lieu/:evidenceId/xoa': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/tai-lieu': STAFF_RECORD,
  'GET /quan-tri/chi-so-cchc/bo-tieu-chi': STAFF,
  'POST /quan-tri/chi-so-cchc/bo-tieu-chi': ADMIN,
  'GET /quan-tri/chi-so-cchc/bo-tieu-chi/:id': STAFF_RECORD,
  'POST /quan-tri/chi-so-cchc/bo-tieu-chi/:id/them': 'LFFFFFFFFFN',
  'POST /quan-tri/chi-so-cchc/bo-tieu-chi/:id/sua': 'LFFFFFFFFFN',
  'POST /quan-tri/chi-so-cchc/bo-tieu-chi/:id/xoa': 'LFFFFFFFFFN',
  'GET /quan-tri/chi-so-cchc/xep-hang': STAFF,
  'GET /quan-tri/chi-so-cchc/xep-hang.xlsx': STAFF,
  'GET /quan-tri/chi-so-cchc/lich-su': STAFF,
  // procedure review (issue 21 part 1): staff only; a review (the matrix's random id) is 404 once past the staff
  // check; the wage form: administrators
  'GET /api/procedure-reviews': STAFF,
  'POST /api/procedure-reviews': SCHEMA_FIRST,
  'PUT /api/procedure-reviews/wages/:year': SCHEMA_FIRST,
  'GET /api/procedure-reviews/:id': STAFF_RECORD,
  'POST /api/procedure-reviews/:id/items': SCHEMA_FIRST,
  'DELETE /api/procedure-reviews/:id/items/:itemId': STAFF_RECORD,
  'PUT /api/procedure-reviews/:id/items/:itemId/sheet': SCHEMA_FIRST,
  'PUT /api/procedure-reviews/:id/items/:itemId/proposal': SCHEMA_FIRST,
  'POST /api/procedure-reviews/:id/submit': STAFF_RECORD,
  'POST /api/procedure-reviews/:id/approve': STAFF_RECORD,
  'POST /api/procedure-reviews/:id/return': STAFF_RECORD,
  'POST /api/procedure-reviews/:id/items/:itemId/draft-version': STAFF_RECORD,
  'GET /api/procedure-reviews/:id/items/:itemId/evidence': STAFF_RECORD,
  'GET /quan-tri/ra-soat-tthc': STAFF,
  'POST /quan-tri/ra-soat-tthc/tao': STAFF,
  'POST /quan-tri/ra-soat-tthc/muc-luong': ADMIN,
  'GET /quan-tri/ra-soat-tthc/:id': STAFF_RECORD,
  'POST /quan-tri/ra-soat-tthc/:id/them': STAFF_RECORD,
  'POST /quan-tri/ra-soat-tthc/:id/nop': STAFF_RECORD,
  'POST /quan-tri/ra-soat-tthc/:id/phe-duyet': STAFF_RECORD,
  'POST /quan-tri/ra-soat-tthc/:id/tra-lai': STAFF_RECORD,
  'GET /quan-tri/ra-soat-tthc/:id/bao-cao': STAFF_RECORD,
  'GET /quan-tri/ra-soat-tthc/:id/bao-cao.xlsx': STAFF_RECORD,
  'GET /quan-tri/ra-soat-tthc/:id/bao-cao.pdf': STAFF_RECORD,
  'GET /quan-tri/ra-soat-tthc/:id/thu-tuc/:itemId': STAFF_RECORD,
  'POST /quan-tri/ra-soat-tthc/:id/thu-tuc/:itemId/bang-tinh': STAFF_RECORD,
  'POST /quan-tri/ra-soat-tthc/:id/thu-tuc/:itemId/phuong-an': STAFF_RECORD,
  'POST /quan-tri/ra-soat-tthc/:id/thu-tuc/:itemId/xoa': STAFF_RECORD,
  'POST /quan-tri/ra-soat-tthc/:id/thu-tuc/:itemId/du-thao': STAFF_RECORD,
  'GET /quan-tri/ra-soat-tthc/:id/thu-tuc/:itemId/so-lieu': STAFF_RECORD,
  'GET /quan-tri/phieu-khao-sat': 'LFFFFFFAFFA',
  'GET /quan-tri/phieu-khao-sat/:id': 'LFFFFFFNFFN',
  'POST /quan-tri/phieu-khao-sat/:id': 'LFFFFFFNFFN',
  'GET /bao-cao/khao-sat-hai-long': 'LFFFFFFAFFA',
  'GET /bao-cao/khao-sat-hai-long.xlsx': 'LFFFFFFAFFA',
  'GET /khao-sat/:token': 'NNNNNNNNNNN',
  'POST /khao-sat/:token': 'NNNNNNNNNNN',
  // Electronic results: the verification is public (the matrix's code is no code: unknown, 404 on the page); the
  // list and the download are the dossier's readers; issuing and uploading are for the specialists, heads and
  // leaders of the agency (the dossiers are new: 409 RESULT_NOT_READY, nothing issued); revoking an unknown code: 404.
  'GET /api/results/:code': ALL,
  'GET /api/results/:code/file': 'LNNNNNNNNNN',
  'GET /api/dossiers/:id/results': 'LANNAAAANNA LNANAAAANNA LANNNNNNANA LNNAAAAANNA',
  'POST /api/dossiers/:id/results': 'LNNNNAAANNN LNNNNAAANNN LNNNNNNNNNN LNNNNAAANNN',
  'POST /api/dossiers/:id/results/upload': 'LNNNNAAANNN LNNNNAAANNN LNNNNNNNNNN LNNNNAAANNN',
  'POST /api/results/:code/revoke': 'LNNNNNNNNNN',
  'GET /xac-thuc': ALL,
  'GET /xac-thuc/:code': 'NNNNNNNNNNN',
  'POST /xac-thuc': ALL,
  'GET /ho-so/:id/ket-qua-dien-tu': 'LANNAAAANNA LNANAAAANNA LANNNNNNANA LNNAAAAANNA',
  'GET /can-bo/ho-so/:id/ket-qua-dien-tu': OFFICER_READ,
  'POST /can-bo/ho-so/:id/ket-qua-dien-tu/cap': 'LNNNNAAANNN LNNNNAAANNN LNNNNNNNNNN LNNNNAAANNN',
  'POST /can-bo/ho-so/:id/ket-qua-dien-tu/tai-len': 'LNNNNAAANNN LNNNNAAANNN LNNNNNNNNNN LNNNNAAANNN',
  'POST /can-bo/ket-qua-dien-tu/:code/thu-hoi': 'LNNNNNNNNNN',
  // Feedback (PAKN): the form, the code and the published answers are public (the matrix's bodies stop at 422);
  // a sender reads their own feedback (the matrix's ids are nobody's: 404); officers of the agency handle it
  // (citizens, the catalog manager and the administrator hold no handling role: 403); the report also for administrators.
  'POST /api/feedback/codes': ALL,
  'POST /api/feedback': ALL,
  'GET /api/feedback/published': ALL,
  'GET /api/feedback/published/:code': 'NNNNNNNNNNN',
  'GET /api/feedback/mine': SIGNED_IN,
  'GET /api/feedback/:id': 'NNNNNNNNNNN',
  'POST /api/feedback/:id/rating': 'NNNNNNNNNNN',
  'POST /api/feedback/:id/files': 'NNNNNNNNNNN',
  'GET /api/officer/feedback': 'LFFFAAAAAFF',
  'POST /api/officer/feedback': 'LFFFAAAAAFF',
  'GET /api/officer/feedback/report': 'LFFFAAAAAFA',
  'GET /api/officer/feedback/:id': 'LFFFNNNNNFF',
  'POST /api/officer/feedback/:id/:action': 'LFFFNNNNNFF',
  'GET /phan-anh-kien-nghi': ALL,
  'POST /phan-anh-kien-nghi/ma': ALL,
  'POST /phan-anh-kien-nghi': ALL,
  'GET /phan-anh/:code': 'NNNNNNNNNNN',
  'GET /phan-anh/cua-toi': SIGNED_IN,
  'POST /phan-anh/:code/danh-gia': 'NNNNNNNNNNN',
  'GET /phan-anh/:id/tep/:fileId': 'NNNNNNNNNNN',
  'POST /phan-anh/:id/tep': 'NNNNNNNNNNN',
  // Incoming documents (văn bản đến): the register is read by the back-office roles and the administrator (the
  // catalog manager and citizens hold none: 403); registering is the clerk's (receptionist, administrator); a
  // document of the matrix's random id exists for nobody (404 once past the role check); the report also for inspectors.
  'GET /api/officer/incoming': 'LFFFAAAAAFA',
  'POST /api/officer/incoming': 'LFFFAFFFAFA',
  'GET /api/officer/incoming/report': 'LFFFAAAAAFA',
  'GET /api/officer/incoming/:id': 'LFFFNNNNNFN',
  'POST /api/officer/incoming/:id/:action': 'LFFFNNNNNFN',
  'GET /api/officer/incoming/:id/files/:fileId': 'LFFFNNNNNFN',
  'POST /api/officer/incoming/:id/files': 'LFFFNNNNNFN',
  'GET /can-bo/van-ban-den': 'LFFFAAAAAFA',
  'GET /can-bo/van-ban-den/vao-so': 'LFFFAFFFAFA',
  'POST /can-bo/van-ban-den/vao-so': 'LFFFAFFFAFA',
  'GET /can-bo/van-ban-den/bao-cao': 'LFFFAAAAAFA',
  'GET /can-bo/van-ban-den/bao-cao.xlsx': 'LFFFAAAAAFA',
  'GET /can-bo/van-ban-den/:id': 'LFFFNNNNNFN',
  'POST /can-bo/van-ban-den/:id/:action': 'LFFFNNNNNFN',
  'POST /can-bo/van-ban-den/:id/tep': 'LFFFNNNNNFN',
  'GET /can-bo/van-ban-den/:id/tep/:fileId': 'LFFFNNNNNFN',
  'GET /phan-anh-kien-nghi/da-tra-loi': ALL,
  'GET /phan-anh-kien-nghi/da-tra-loi/:code': 'NNNNNNNNNNN',
  // outgoing documents: drafters (specialist, head, leader), chains by leaders and administrators; random ids: 404
  'GET /api/outgoing': 'LFFFAAAAAFA',
  'POST /api/outgoing': 'LFFFFVVVFFF',
  'GET /api/outgoing/chains': 'LFFFFFFAFFA',
  'PUT /api/outgoing/chains': 'LFFFFFFAFFA',
  'GET /api/outgoing/report': 'LFFFAAAAAFA',
  'GET /api/outgoing/register': 'LFFFAAAAAFA',
  'GET /api/outgoing/:id': 'LFFFNNNNNNN',
  'PUT /api/outgoing/:id': 'LFFFNNNNNNN',
  'GET /api/outgoing/:id/pdf': 'LFFFNNNNNNN',
  'POST /api/outgoing/:id/:action': 'LFFFNNNNNNN',
  'GET /can-bo/van-ban-di': 'LFFFAAAAAFA',
  'GET /can-bo/van-ban-di/moi': 'LFFFFAAAFFF',
  'POST /can-bo/van-ban-di/moi': 'LFFFFAAAFFF',
  'GET /can-bo/van-ban-di/quy-trinh': 'LFFFFFFAFFA',
  'POST /can-bo/van-ban-di/quy-trinh': 'LFFFFFFAFFA',
  'GET /can-bo/van-ban-di/bao-cao': 'LFFFAAAAAFA',
  'GET /can-bo/van-ban-di/bao-cao.xlsx': 'LFFFAAAAAFA',
  'GET /can-bo/van-ban-di/so': 'LFFFAAAAAFA',
  'GET /can-bo/van-ban-di/:id': 'LFFFNNNNNNN',
  'GET /can-bo/van-ban-di/:id/van-ban.pdf': 'LFFFNNNNNNN',
  'GET /can-bo/van-ban-di/:id/sua': 'LFFFNNNNNNN',
  'POST /can-bo/van-ban-di/:id/sua': 'LFFFNNNNNNN',
  'POST /can-bo/van-ban-di/:id/thao-tac/:action': 'LFFFNNNNNNN',
  'GET /can-bo/phan-anh': 'LFFFAAAAAFF',
  'GET /can-bo/phan-anh/tiep-nhan': 'LFFFAAAAAFF',
  'POST /can-bo/phan-anh/tiep-nhan': 'LFFFAAAAAFF',
  'GET /can-bo/phan-anh/bao-cao': 'LFFFAAAAAFA',
  'GET /can-bo/phan-anh/bao-cao.xlsx': 'LFFFAAAAAFA',
  'GET /can-bo/phan-anh/:id': 'LFFFNNNNNFF',
  'POST /can-bo/phan-anh/:id/:action': 'LFFFNNNNNFF',
  // appointments (issue 20): public booking and kiosk check-in (the matrix's codes are nobody's: 404); the officers of
  // the agency (the floor roles) see day lists and book on the phone; settings: the agency's leader or an administrator
  'GET /api/appointments/slots': ALL,
  'POST /api/appointments/codes': ALL,
  'POST /api/appointments': ALL,
  'GET /api/appointments/mine': SIGNED_IN,
  'GET /api/appointments/:code': 'NNNNNNNNNNN',
  'POST /api/appointments/:code/cancel': 'NNNNNNNNNNN',
  'POST /api/kiosk/:agencyCode/appointments/check-in': 'NNNNNNNNNNN',
  'GET /api/officer/appointments': 'LFFFAAAAAFF',
  'POST /api/officer/appointments': 'LFFFAAAAAFF',
  'POST /api/officer/appointments/:id/cancel': 'LFFFNNNNNFF',
  'GET /api/officer/appointments/report': 'LFFFAAAAAFA',
  'PUT /api/officer/appointments/settings/:groupId': 'LFFFFFFNFFN',
  'GET /lich-hen': ALL,
  'POST /lich-hen/ma': ALL,
  'POST /lich-hen': ALL,
  'GET /lich-hen/cua-toi': SIGNED_IN,
  'GET /lich-hen/:code': 'NNNNNNNNNNN',
  'POST /lich-hen/:code/huy': 'NNNNNNNNNNN',
  'GET /quay/:agencyCode/hen': 'NNNNNNNNNNN',
  'POST /quay/:agencyCode/hen': 'NNNNNNNNNNN',
  'GET /can-bo/lich-hen': 'LFFFAAAAAFF',
  'GET /can-bo/lich-hen/dat': 'LFFFAAAAAFF',
  'POST /can-bo/lich-hen/dat': 'LFFFAAAAAFF',
  'POST /can-bo/lich-hen/:id/huy': 'LFFFNNNNNFF',
  'GET /can-bo/lich-hen/cai-dat': 'LFFFFFFAFFA',
  'GET /can-bo/lich-hen/cai-dat/:groupId': 'LFFFFFFNFFN',
  'POST /can-bo/lich-hen/cai-dat/:groupId': 'LFFFFFFNFFN',
  'GET /can-bo/lich-hen/bao-cao': 'LFFFAAAAAFA',
  'GET /can-bo/lich-hen/bao-cao.xlsx': 'LFFFAAAAAFA',
  // the one-stop floor (issue 20): the kiosk and a ticket's status are public (the matrix's :agencyCode and ids are
  // nobody's: 404); the counter's console and the rating tablet: the floor roles (FLOOR_OFFICER_ROLES, any agency —
  // a counter of the matrix's random id is 404); configuration: the agency's leader or an administrator
  'GET /api/floor/agencies/:code/groups': ALL,
  'POST /api/floor/agencies/:code/tickets': ALL,
  'GET /api/floor/tickets/:id': 'NNNNNNNNNNN',
  'GET /api/floor/console': 'LFFFAAAAAFF',
  'POST /api/floor/counters/:id/open': 'LFFFNNNNNFF',
  'POST /api/floor/counters/:id/close': 'LFFFNNNNNFF',
  'POST /api/floor/counters/:id/call-next': 'LFFFNNNNNFF',
  'POST /api/floor/tickets/:id/rating': 'LFFFNNNNNFF',
  'POST /api/floor/tickets/:id/:action': 'LFFFNNNNNFF',
  'GET /api/floor/tablet': 'LFFFAAAAAFF',
  'GET /api/floor/agencies/:code/config': 'LFFFFFFAFFA',
  'POST /api/floor/agencies/:code/groups': 'LFFFFFFAFFA',
  'PUT /api/floor/groups/:id': 'LFFFFFFNFFN',
  'POST /api/floor/agencies/:code/counters': 'LFFFFFFAFFA',
  'PUT /api/floor/counters/:id': 'LFFFFFFNFFN',
  'GET /quay/:agencyCode': 'NNNNNNNNNNN',
  'POST /quay/:agencyCode': 'NNNNNNNNNNN',
  'GET /quay/so/:id': 'NNNNNNNNNNN',
  'GET /can-bo/quay': 'LFFFAAAAAFF',
  'POST /can-bo/quay/:id/mo': 'LFFFNNNNNFF',
  'POST /can-bo/quay/:id/dong': 'LFFFNNNNNFF',
  'POST /can-bo/quay/:id/goi': 'LFFFNNNNNFF',
  'POST /can-bo/quay/so/:id/:action': 'LFFFNNNNNFF',
  'GET /can-bo/quay/danh-gia': 'LFFFAAAAAFF',
  'POST /can-bo/quay/danh-gia/:id': 'LFFFNNNNNFF',
  'GET /quan-tri/quay': 'LFFFFFFAFFA',
  'GET /quan-tri/quay/:code': 'LFFFFFFAFFA',
  'POST /quan-tri/quay/:code/nhom': 'LFFFFFFAFFA',
  'POST /quan-tri/quay/:code/quay-so': 'LFFFFFFAFFA',
  'GET /quan-tri/quay/nhom/:id': 'LFFFFFFNFFN',
  'POST /quan-tri/quay/nhom/:id': 'LFFFFFFNFFN',
  'GET /quan-tri/quay/quay-so/:id': 'LFFFFFFNFFN',
  'POST /quan-tri/quay/quay-so/:id': 'LFFFFFFNFFN',
  'POST /dang-xuat': ALL,
  'POST /api/auth/logout': SIGNED_IN,
};

// ---------------------------------------------------------------------------------------------------------------

/** Query strings, so that a route's schema lets the request through to its authorisation. */
const QUERIES: Record<string, string> = {
  'GET /api/officer/scan': 'code=000.00.12.G14-260101-9999',
  'GET /api/calendar/holidays': 'year=2026',
  'GET /api/calendar/due': 'from=2026-02-13T10:00:00%2B07:00&workingDays=5',
  'GET /api/indicators': 'from=2026-01-01&to=2026-12-31',
  'GET /api/reports/handling': 'from=2026-01-01&to=2026-12-31',
  'GET /api/reports/handling/dossiers': 'from=2026-01-01&to=2026-12-31&cell=received',
  'GET /api/officer/tracking-book.pdf': 'from=2026-01-01&to=2026-01-31',
  'GET /api/officer/tracking-book.xlsx': 'from=2026-01-01&to=2026-01-31',
  'GET /api/scorecards/766': 'agency=000.00.12.G14',
  'GET /api/scorecards/766/history': 'agency=000.00.12.G14',
  'GET /bao-cao/xu-ly.pdf': 'from=01/01/2026&to=31/12/2026',
  'GET /bao-cao/xu-ly.xlsx': 'from=01/01/2026&to=31/12/2026',
  'GET /bao-cao/xu-ly/ho-so': 'from=01/01/2026&to=31/12/2026&cell=received',
  'GET /can-bo/so-theo-doi': 'from=01/01/2026&to=31/01/2026',
  'GET /api/officer/feedback/report': 'from=2026-01-01&to=2026-12-31',
  'GET /api/officer/incoming/report': 'from=2026-01-01&to=2026-12-31',
  'GET /api/outgoing/report': 'from=2026-01-01&to=2026-12-31',
  'GET /api/officer/appointments/report': 'from=2026-01-01&to=2026-12-31',
  'PUT /api/officer/appointments/settings/:groupId': 'agencyCode=000.00.12.G14',
  'GET /can-bo/lich-hen/cai-dat/:groupId': 'agencyCode=000.00.12.G14',
  'POST /can-bo/lich-hen/cai-dat/:groupId': 'agencyCode=000.00.12.G14',
  'GET /api/surveys/report': 'year=2026',
  'GET /api/par-index/ranking': 'kind=ministry&year=2025',
  'GET /api/par-index/history': 'agency=000.00.12.G14',
};

/**
 * JSON bodies that pass the route's schema (anything else: {}), so the request reaches its authorisation. The
 * dossier actions carry a version nobody has (MUTATION): whoever gets past authorisation stops at 409.
 */
const BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/officer/dossiers/:id/pickup': { idNumber: '000000000000' },
  'POST /api/floor/agencies/:code/tickets': { groupId: 'khong-co-nhom' },
  'POST /api/floor/tickets/:id/rating': { grade: 'satisfied' },
  'POST /api/floor/agencies/:code/groups': { nameVi: '', nameEn: '' },
  'PUT /api/floor/groups/:id': { nameVi: '', nameEn: '' },
  'POST /api/floor/agencies/:code/counters': { number: 0, groupIds: [] },
  'PUT /api/floor/counters/:id': { number: 0, groupIds: [] },
  'POST /api/auth/organisation/members': { fullName: 'Thành viên mới', email: 'thanhvien.moi@example.vn' },
  'POST /api/auth/password/change': { currentPassword: 'Sai@matkhau2026', password: 'Matkhau@2026x', passwordConfirm: 'Matkhau@2026x' },
  'POST /api/agencies/:code/departments': { code: 'THU', name: 'Phòng thử' },
  'POST /api/staff': { username: 'matrix.created', fullName: 'Cán bộ tạo thử', password: 'Matkhau@2026x', agencyCode: '000.00.12.G14' },
  'POST /api/officer/incoming': { issuer: '', numberSymbol: '', issuedOn: '', docType: '', excerpt: '' },
  'POST /api/outgoing': { docType: '', excerpt: '', body: '', place: '', signerId: '', signerTitle: '', recipients: [] },
  'PUT /api/outgoing/:id': { docType: '', excerpt: '', body: '', place: '', signerId: '', signerTitle: '', recipients: [] },
  'PUT /api/outgoing/chains': { docType: 'nope', steps: [] },
  'POST /api/service-accounts': { name: 'Hệ thống thử', agencyCode: '000.00.12.G14', roles: [{ role: 'specialist' }] },
  'POST /api/service-accounts/:id/keys': { name: 'Khóa thử', expiresOn: '2099-01-01' },
  'PUT /api/calendar/years/:year': { entries: [] },
  // An agency nobody administers: the administrator stops at 422, nothing is stored.
  'POST /api/webhooks': { name: 'Thử', url: 'https://hooks.example.vn/x', agencyId: '00000000-0000-4000-8000-000000000000', eventTypes: ['dossier.submitted'] },
  'PUT /api/webhooks/:id': { name: 'Thử', url: 'https://hooks.example.vn/x', agencyId: '00000000-0000-4000-8000-000000000000', eventTypes: ['dossier.submitted'] },
  // An agency nobody administers: the administrator stops at 422, no round is stored.
  'POST /api/surveys/rounds': { name: 'Thử', agencyId: '00000000-0000-4000-8000-000000000000', year: 2026, periodFrom: '2026-01-01', periodTo: '2026-12-31', targetSize: 10 },
  'POST /api/surveys/rounds/:id/paper': { dossierCode: 'KHONG-CO', answers: {} },
  'POST /api/surveys/answer/:token': { answers: {} },
  'PUT /api/procedures/:code/versions/:version/form': { schema: { type: 'object', properties: {} } },
  'PUT /api/procedures/:code/versions/:version/workflow': { steps: [{ name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward'] }] },
  'POST /api/dossiers': { procedureCode: '1.001823' },
  // An unknown commune: whoever gets past authorisation stops at 422, nothing is saved.
  'POST /api/results/:code/revoke': { reason: 'Kiểm tra quyền' },
  'PUT /api/dossiers/:id/postal/delivery': { recipientName: 'Nguyễn Văn An', phone: '0912345678', street: 'Số 1', provinceCode: '86', communeCode: '99999' },
  'POST /api/dossiers/:id/postal/pickup': { recipientName: 'Nguyễn Văn An', phone: '0912345678', street: 'Số 1', provinceCode: '86', communeCode: '99999' },
  'POST /api/dossiers/:id/supplement': { note: 'Bổ sung', expectedVersion: 999999 },
  'POST /api/dossiers/:id/files/from-store': { documentId: '00000000-0000-0000-0000-000000000000', personalDocumentId: '00000000-0000-0000-0000-000000000000' },
  'POST /api/dossiers/:id/messages': { body: 'Xin hỏi tiến độ hồ sơ.' },
  'POST /api/dossiers/:id/rating': { answers: {} },
  'POST /api/dossiers/:id/actions/request_supplement': { items: ['Bản sao'], expectedVersion: 999999 },
  'POST /api/dossiers/:id/actions/refuse': { reasons: ['Không đủ điều kiện'], expectedVersion: 999999 },
  'POST /api/dossiers/:id/actions/send_back': { reason: 'Xem lại', expectedVersion: 999999 },
  'POST /api/dossiers/:id/reassign': { assigneeId: '00000000-0000-4000-8000-000000000000', expectedVersion: 999999 },
  'POST /api/officer/dossiers/:id/routing-agency': { agencyCode: 'H59.20.01.01', version: 999999 },
  'POST /api/dossiers/:id/actions/apologise': { reason: 'Chậm', newAppointment: '2099-12-31', expectedVersion: 999999 },
  'POST /api/dossiers/:id/actions/stop': { reason: 'Dừng', expectedVersion: 999999 },
  'POST /api/dossiers/:id/actions/return_result': { method: 'counter', expectedVersion: 999999 },
  // Feedback: bodies that pass the schema and stop at the use case's own check (422), nothing is stored.
  'POST /api/feedback/codes': { contact: 'khong-phai-lien-he' },
  'POST /api/appointments/codes': { phone: 'khong-phai-so' },
  'POST /api/appointments': { agencyCode: '', groupId: '', startsAt: '' },
  'POST /api/officer/appointments': { agencyCode: '', groupId: '', startsAt: '' },
  'POST /api/kiosk/:agencyCode/appointments/check-in': { code: 'x' },
  'PUT /api/officer/appointments/settings/:groupId': { enabled: true, slotMinutes: 15, capacity: 2, daysAhead: 7, cutoffMinutes: 30 },
  'POST /api/feedback': { category: 'procedure', title: '', content: '' },
  'POST /api/officer/feedback': { category: 'procedure', title: '', content: '' },
  'POST /api/feedback/:id/rating': { rating: 'satisfied' },
};

/** Multipart routes: a form with the CSRF token (first), an unknown document and a small PDF. */
const MULTIPART = new Set([
  'POST /api/dossiers/:id/files',
  'POST /api/officer/intake/:id/files',
  'POST /ho-so/:id/bo-sung',
  'POST /ho-so/:id/giay-to',
  'POST /can-bo/tiep-nhan/:id/ban-quet',
  'POST /can-bo/ho-so/:id/record_result',
  'POST /api/dossiers/:id/results/upload',
  'POST /can-bo/ho-so/:id/ket-qua-dien-tu/tai-len',
  'POST /api/feedback/:id/files',
  'POST /phan-anh/:id/tep',
  'POST /api/par-index/assessments/:id/evidence',
  'POST /quan-tri/chi-so-cchc/danh-gia/:id/tai-lieu',
  'POST /lich-cong-tac/:id/tai-lieu',
  'POST /api/meetings/events/:id/attachments',
  'POST /api/officer/incoming/:id/files',
  'POST /can-bo/van-ban-den/:id/tep',
  'POST /can-bo/van-ban-den/vao-so',
]);

/** Requests that end the session or would change what other cells see: run after every other cell, one at a time. */
const LAST = new Set(['POST /dang-xuat', 'POST /api/auth/logout']);

const DOSSIER_PREFIXES = ['/ho-so/:id', '/api/dossiers/:id', '/can-bo/ho-so/:id', '/can-bo/tiep-nhan/:id', '/api/officer/dossiers/:id', '/api/officer/intake/:id'];
const AGENCY_CODE_PREFIXES = ['/api/agencies/:code', '/quan-tri/co-quan/:code', '/api/calendar/agencies/:code', '/cong-khai/co-quan/:code', '/api/floor/agencies/:code', '/quan-tri/quay/:code'];

/**
 * The catalog's management routes work on another procedure (1.001824): a catalog manager's cell may retire it or
 * open a new version, which must not change what the cells about the dossiers' procedure (1.001823) see.
 */
const CATALOG_WRITES = ['/quan-tri/thu-tuc/:code', '/api/catalog/procedures/:code', '/api/procedures/:code/versions'];

function isDossierRoute(url: string): boolean {
  return DOSSIER_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`));
}

interface Fixture {
  app: App;
  ctx: AppContext;
  sessions: Map<Role, Session | null>;
  anonymous: Session;
  dossiers: Record<RecordKind, { id: string; code: string; fileId: string }>;
  mailId: string;
  notificationId: string;
  documentId: string;
  spareStaffId: string;
  templateFileId: string;
}

function urlFor(f: Fixture, pattern: string, record: RecordKind): string {
  const dossier = f.dossiers[record];
  const agencyCode = AGENCY_CODE_PREFIXES.some((p) => pattern.startsWith(p));
  return pattern
    .replace(':id', () => {
      if (isDossierRoute(pattern)) return dossier.id;
      if (pattern.startsWith('/hop-thu/')) return f.mailId;
      if (pattern.startsWith('/thong-bao/') || pattern.startsWith('/api/notifications/')) return f.notificationId;
      if (pattern.startsWith('/api/documents/') || pattern.startsWith('/kho-giay-to/')) return f.documentId;
      if (pattern.startsWith('/api/staff/') || pattern.startsWith('/quan-tri/tai-khoan/')) return f.spareStaffId;
      return randomUUID();
    })
    .replace(':fileId', () => (pattern.startsWith('/tep/') ? f.templateFileId : dossier.fileId))
    .replace(':code', () => (agencyCode ? '000.00.12.G14' : pattern.startsWith('/api/lookup/') ? dossier.code : CATALOG_WRITES.some((p) => pattern.startsWith(p)) ? '1.001824' : '1.001823'))
    .replace(':version', '1')
    .replace(':position', '1')
    .replace(':year', '2026')
    .replace(':form', '01')
    .replace(':action', 'withdraw');
}

function classify(status: number, location: string | undefined, body: string, api: boolean): Answer | string {
  if (status >= 500) return `!${status}`;
  // The JSON API validates a request against its schema before the handler (and so before any authorisation).
  if (api && (status === 415 || (status === 422 && body.includes('"VALIDATION_FAILED"') && body.includes('"required"')))) return 'V';
  if (status === 401) return 'L';
  if (status >= 300 && status < 400) return /^\/dang-nhap(\?|$)/.test(location ?? '') ? 'L' : 'A';
  if (status === 403) return 'F';
  if (status === 404) return 'N';
  if ((status >= 200 && status < 300) || [400, 409, 413, 415, 422].includes(status)) return 'A';
  return `?${status}`;
}

async function request(f: Fixture, method: string, pattern: string, role: Role, record: RecordKind, sessions = f.sessions): Promise<string> {
  const key = `${method} ${pattern}`;
  const session = role === 'anonymous' ? f.anonymous : sessions.get(role)!;
  const query = QUERIES[key];
  const url = urlFor(f, pattern, record) + (query ? `?${query}` : '');
  const api = url.startsWith('/api/');
  const headers: Record<string, string> = { accept: api ? 'application/json' : 'text/html', cookie: session!.cookie };
  let payload: string | Buffer | undefined;
  if (method !== 'GET') {
    headers['x-csrf-token'] = session!.csrfToken;
    if (MULTIPART.has(key)) {
      const body = multipartBody([
        { name: '_csrf', value: session!.csrfToken },
        { name: 'documentId', value: '00000000-0000-0000-0000-000000000000' },
        { name: 'file', filename: 'a.pdf', type: 'application/pdf', bytes: PDF },
      ]);
      headers['content-type'] = body.contentType;
      payload = body.payload;
    } else if (!api) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      // Withdrawal and the officers' actions without their required fields: validation, never a state change.
      payload = new URLSearchParams({ _csrf: session!.csrfToken, expectedVersion: '999999' }).toString();
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(BODIES[key] ?? (pattern.startsWith('/api/dossiers/:id/actions/') ? { expectedVersion: 999999 } : {}));
    }
  }
  // One address per visitor, so that the per-address limits (sign-in, registration) count each visitor alone.
  const remoteAddress = `10.0.0.${ROLES.indexOf(role) + 1}`;
  const response = await f.app.inject({ method: method as 'GET', url, headers, remoteAddress, ...(payload !== undefined ? { payload } : {}) });
  return classify(response.statusCode, response.headers.location as string | undefined, response.body, api);
}

async function setUp(): Promise<{ fixture: Fixture; routes: Array<{ method: string; url: string }> }> {
  const ctx = await createTestContext({ demo: true });
  const routes: Array<{ method: string; url: string }> = [];
  const collect: AppModule = {
    name: 'authz-matrix-routes',
    register(app) {
      app.addHook('onRoute', (route: RouteOptions) => {
        for (const method of [route.method].flat()) if (method !== 'HEAD' && !route.url.startsWith('/api/docs')) routes.push({ method, url: route.url });
      });
    },
  };
  const app = await buildApp(ctx, [collect, ...modules], { logger: false });
  recordConformance(app); // every /api answer checked against the OpenAPI document
  await app.ready();

  // A second citizen, and a receptionist of another agency (Trà Vinh), signing in with the demo password.
  const congdan = await ctx.db.selectFrom('accounts').select(['password_hash']).where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
  const travinh = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.00.H59').executeTakeFirstOrThrow();
  const copyright = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('accounts')
    .values({ username: 'matrix.citizen2', kind: 'citizen', password_hash: congdan.password_hash, full_name: 'Lê Thị Bình', email: 'citizen2@example.vn', email_verified_at: new Date(), personal_id: '079190001111', phone: '0987000111', address: 'Số 1 Tràng Tiền, Hà Nội' })
    .execute();
  const other = await ctx.db
    .insertInto('accounts')
    .values({ username: 'matrix.travinh', kind: 'staff', password_hash: congdan.password_hash, full_name: 'Thạch Thị Sa', agency_id: travinh.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: other.id, role: 'receptionist', agency_id: travinh.id }).execute();
  const spare = await ctx.db
    .insertInto('accounts')
    .values({ username: 'matrix.spare', kind: 'staff', password_hash: congdan.password_hash, full_name: 'Cán bộ dự phòng', agency_id: copyright.id })
    .returning('id')
    .executeTakeFirstOrThrow();

  // The dossiers (status 1, submitted online): demo.congdan's and citizen2's at the Copyright Office, and one of
  // demo.congdan's moved to Trà Vinh.
  const owner = await actorByUsername(ctx, 'demo.congdan');
  const citizen2 = await actorByUsername(ctx, 'matrix.citizen2');
  const make = async (who: typeof owner) => {
    const d = await submittedDossier(ctx, who);
    const file = await ctx.db.selectFrom('dossier_files').select('file_id').where('dossier_id', '=', d.id).executeTakeFirstOrThrow();
    return { id: d.id, code: d.code, fileId: file.file_id };
  };
  // A colleague of demo.doanhnghiep in the same organisation, applicant of the "organisation" dossier.
  const business = await ctx.db.selectFrom('accounts').select(['organisation_id']).where('username', '=', 'demo.doanhnghiep').executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('accounts')
    .values({ username: 'matrix.colleague', kind: 'organisation', password_hash: congdan.password_hash, full_name: 'Đặng Văn Hùng', email: 'colleague@example.vn', email_verified_at: new Date(), phone: '0283822112', organisation_id: business.organisation_id })
    .execute();
  const colleague = await actorByUsername(ctx, 'matrix.colleague');
  const dossiers = { own: await make(owner), otherCitizen: await make(citizen2), otherAgency: await make(owner), organisation: await make(colleague) };
  await ctx.db.updateTable('dossiers').set({ agency_id: travinh.id }).where('id', '=', dossiers.otherAgency.id).execute();

  const mailId = await ctx.db.transaction().execute((tx) => ctx.services.mail.queue(tx, { to: 'congdan@example.vn', subject: 'Thư thử', text: 'x' }));
  const notification = await ctx.db
    .insertInto('notifications')
    .values({ account_id: owner.id, dossier_id: dossiers.own.id, kind: 'dossier.status', title: 'Thông báo', body: 'Nội dung' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const document = await ctx.db.selectFrom('personal_documents').select('id').where('owner_id', '=', owner.id).executeTakeFirstOrThrow();
  const template = await ctx.db.selectFrom('procedure_documents').select('template_file_id').where('template_file_id', 'is not', null).executeTakeFirst();

  const sessions = await signIn(app);
  const anonymous = await anonymousForm(app, '/dang-nhap');

  return {
    fixture: {
      app, ctx, sessions, anonymous, dossiers, mailId, notificationId: notification.id, documentId: document.id, spareStaffId: spare.id,
      templateFileId: template?.template_file_id ?? randomUUID(),
    },
    routes,
  };
}

const USERNAMES: Partial<Record<Role, string>> = {
  owner: 'demo.congdan', citizen2: 'matrix.citizen2', business: 'demo.doanhnghiep', reception: 'demo.motcua', specialist: 'demo.chuyenvien',
  head: 'demo.truongphong', leader: 'demo.lanhdao', otherAgency: 'matrix.travinh', catalog: 'demo.danhmuc', admin: 'demo.quantri',
};

/** A session for each signed-in visitor. */
async function signIn(app: App): Promise<Map<Role, Session | null>> {
  const sessions = new Map<Role, Session | null>();
  for (const role of ROLES) sessions.set(role, USERNAMES[role] ? await login(app, USERNAMES[role]) : null);
  return sessions;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe('authorisation matrix (every route × visitor × record)', async () => {
  const { fixture, routes } = await setUp();
  after(() => fixture.app.close());

  it('lists every route of the application in the expectations, and nothing else', () => {
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    const missing = keys.filter((k) => !(k in EXPECTED));
    assert.deepEqual(missing, [], 'routes without an expectation (add them to EXPECTED)');
    const stale = Object.keys(EXPECTED).filter((k) => !keys.includes(k));
    assert.deepEqual(stale, [], 'expectations for routes that no longer exist');
  });

  it('answers each cell as expected', async () => {
    const cells = (list: typeof routes) =>
      list.flatMap((r) => (isDossierRoute(r.url) ? RECORDS : (['own'] as const)).flatMap((record) => ROLES.map((role) => ({ ...r, record, role }))));
    const first = cells(routes.filter((r) => !LAST.has(`${r.method} ${r.url}`)));
    const last = [...LAST].flatMap((key) => cells(routes.filter((r) => `${r.method} ${r.url}` === key)));
    const answers = await pool(first.map((c) => () => request(fixture, c.method, c.url, c.role, c.record)), 4);
    // Signing out ends the session: each of these cells gets a session of its own.
    for (const route of LAST) {
      const sessions = await signIn(fixture.app);
      for (const c of last.filter((x) => `${x.method} ${x.url}` === route)) answers.push(await request(fixture, c.method, c.url, c.role, c.record, sessions));
    }
    const all = [...first, ...last];
    const observed = new Map<string, string[]>();
    all.forEach((c, i) => {
      const key = `${c.method} ${c.url}`;
      const groups = observed.get(key) ?? [];
      const g = RECORDS.indexOf(c.record);
      groups[g] = (groups[g] ?? '') + answers[i];
      observed.set(key, groups);
    });
    const mismatches: string[] = [];
    for (const [key, groups] of observed) {
      const got = groups.filter((x) => x !== undefined).join(' ');
      if (EXPECTED[key] !== got) mismatches.push(`  '${key}': '${got}', // expected ${EXPECTED[key] ?? '(none)'}`);
    }
    assert.equal(mismatches.length, 0, `cells answered otherwise than expected (${ROLES.join(', ')}):\n${mismatches.join('\n')}`);
  });
});
