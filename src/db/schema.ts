// Kysely table types. Keep in step with migrations/*.sql.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface AgenciesTable {
  id: Generated<string>;
  code: string;
  name: string;
  short_name: string | null;
  level: 'ministry' | 'department' | 'province' | 'provincial_department' | 'district' | 'commune';
  parent_id: string | null;
  successor_id: string | null;
  active: Generated<boolean>;
  valid_from: DateOnly | null;
  valid_to: DateOnly | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The commune it serves: five-digit GSO code (migration 0042; liên thông by the dossier's address). */
  admin_unit_code: string | null;
}

export interface AgencyHistoryTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  name: string;
  changed_at: Timestamp;
}

export interface DepartmentsTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  name: string;
}

export interface OrganisationsTable {
  id: Generated<string>;
  tax_code: string;
  name: string;
  legal_representative: string;
  address: string | null;
  created_at: Timestamp;
}

export type AccountKind = 'citizen' | 'organisation' | 'staff';

export interface AccountsTable {
  id: Generated<string>;
  username: string;
  kind: AccountKind;
  status: ColumnType<'pending' | 'active' | 'disabled', 'pending' | 'active' | 'disabled' | undefined>;
  email: string | null;
  email_verified_at: Timestamp | null;
  password_hash: string;
  full_name: string;
  personal_id: string | null;
  date_of_birth: DateOnly | null;
  phone: string | null;
  address: string | null;
  organisation_id: string | null;
  agency_id: string | null;
  department_id: string | null;
  /** The language of the account's e-mail, SMS and notifications (migration 0022). */
  locale: ColumnType<'vi' | 'en', 'vi' | 'en' | undefined, 'vi' | 'en'>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** A service account (migration 0034): signs in only with an API key, never with a password or SSO. */
  service: Generated<boolean>;
}

export type Role =
  | 'receptionist'
  | 'specialist'
  | 'department_head'
  | 'agency_leader'
  | 'catalog_manager'
  | 'admin'
  | 'inspector'
  | 'accountant';

export interface AccountRolesTable {
  account_id: string;
  role: Role;
  agency_id: string;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface EmailTokensTable {
  token_hash: string;
  account_id: string;
  purpose: 'verify_email' | 'reset_password' | 'unlock_login';
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  username: string;
  ip: string;
  succeeded: boolean;
  at: Timestamp;
}

/** Rate-limit counters (migration 0021), changed only under their row lock. */
export interface LoginLimitsTable {
  kind: 'pair' | 'account' | 'address' | 'register' | 'reset' | 'reset_to';
  key: string;
  attempts: Generated<number>;
  blocked_until: Timestamp | null;
  expires_at: Timestamp;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: Generated<Timestamp>;
}

export interface MailMessagesTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  status: ColumnType<'pending' | 'sent' | 'kept' | 'failed', 'pending' | undefined, 'sent' | 'kept' | 'failed' | 'pending'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface FilesTable {
  id: Generated<string>;
  storage_key: string;
  original_name: string;
  media_type: string;
  size_bytes: ColumnType<string, number, number>;
  sha256: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  agency_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: Json<Record<string, unknown>>;
  ip: string | null;
  /** Chain position, previous hash and own hash: NULL until the sealer chains the entry (migration 0017). */
  prev_hash: string | null;
  hash: string | null;
  seq: string | null;
}

export interface FieldsTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_en: string | null;
}

export interface ProceduresTable {
  id: Generated<string>;
  /** The stable key (URLs): the national code, else "<agency code>:<local code>" (migration 0038). */
  code: string;
  created_at: Timestamp;
  /** The owning agency's local code (migration 0038), unique per agency; NULL: none. */
  local_code: ColumnType<string | null, string | null | undefined, string | null>;
  local_agency_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type VersionStatus = 'draft' | 'published' | 'retired';
export type AuthorityLevel = 'central' | 'province' | 'district' | 'commune';
export type Audience = 'citizen' | 'organisation';
export type OnlineClass = 'full' | 'partial' | 'none';
export type TimeLimitUnit = 'working_days' | 'half_days' | 'hours';
export interface Fee {
  description: string;
  amountVnd: number;
}

export interface ProcedureVersionsTable {
  id: Generated<string>;
  procedure_id: string;
  version: number;
  status: ColumnType<VersionStatus, VersionStatus | undefined, VersionStatus>;
  effective_from: DateOnly | null;
  effective_to: DateOnly | null;
  name: string;
  agency_id: string;
  field_id: string;
  authority_level: AuthorityLevel;
  audience: Audience[];
  online_level: number;
  online_class: OnlineClass;
  full_online_eligible: boolean;
  steps: Json<string[]>;
  time_limit_value: ColumnType<string, number | string, number | string>;
  time_limit_unit: TimeLimitUnit;
  same_day: boolean;
  /** No statutory time limit (migration 0038): no due date, never late; value/unit meaningless. */
  no_time_limit: ColumnType<boolean, boolean | undefined, boolean>;
  /** The codes this version was published under (migration 0038): the national code, the agency's local code. */
  national_code: ColumnType<string | null, string | null | undefined, string | null>;
  local_code: ColumnType<string | null, string | null | undefined, string | null>;
  time_limit_note: string | null;
  fees: Json<Fee[]>;
  /** The structured fee definition (migration 0025; payments.rules.ts FeeDefinition); NULL: none. */
  fee_rules: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  legal_basis: Json<string[]>;
  result_type: string;
  submission_places: string;
  /** The e-form (JSON Schema subset of catalog.eform.ts) and its presentation hints; NULL: generated default. */
  form_schema: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  form_ui: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  search_text: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
}

export type OriginalKind = 'original' | 'certified_copy' | 'original_or_certified' | 'copy';

export interface ProcedureDocumentsTable {
  id: Generated<string>;
  version_id: string;
  position: number;
  name: string;
  copies: number;
  original_kind: OriginalKind;
  template_file_id: string | null;
  /** File name of the form template (migration 0004); kept even before the file is uploaded. */
  template_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** Obtained by data sharing (migration 0031): the agency looks it up in this source; the applicant is not asked for it. */
  shared_source: ColumnType<SharedSource | null, SharedSource | null | undefined, SharedSource | null>;
  /** Required only in some cases (migration 0039): the condition shown to the applicant ("nếu có…"); not required online. */
  condition: ColumnType<string | null, string | null | undefined, string | null>;
}

// Working-day calendar (migration 0006).
export interface CalendarYearEntriesTable {
  year: number;
  date: DateOnly;
  kind: 'holiday' | 'tet' | 'compensatory' | 'extra_day_off' | 'working_saturday' | 'working_day';
  name: string;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface AgencyWorkingHoursTable {
  agency_id: string;
  opens: string;
  closes: string;
  lunch_start: string | null;
  lunch_end: string | null;
  same_day_cutoff: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

// --- Dossiers (migration 0007) ---------------------------------------------------------------

/** National status code 1..10 (domain guide §3); NULL while the dossier is a draft. */
export type DossierStatus = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export interface DossiersTable {
  id: Generated<string>;
  code: string | null;
  agency_id: string;
  procedure_version_id: string;
  applicant_id: string;
  organisation_id: string | null;
  status: ColumnType<DossierStatus | null, DossierStatus | null | undefined, DossierStatus | null>;
  channel: ColumnType<number, number | undefined, number>;
  form_data: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Answers to the e-form's officer-only fields (migration 0039), filled by staff. */
  officer_data: ColumnType<Record<string, unknown>, string | undefined, string>;
  applicant_name: string | null;
  lookup_secret_hash: string | null;
  idempotency_key: string | null;
  idempotent_response: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  submitted_at: Timestamp | null;
  expected_date: DateOnly | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  // Life cycle after submission (migration 0008).
  applicant_kind: ColumnType<ApplicantKind, ApplicantKind | undefined, ApplicantKind>;
  applicant_id_number: ColumnType<string | null, string | null | undefined, string | null>;
  source: ColumnType<DossierSource, DossierSource | undefined, DossierSource>;
  received_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  appointment_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  timeliness: ColumnType<Timeliness | null, Timeliness | null | undefined, Timeliness | null>;
  returned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  return_method: ColumnType<ReturnMethod | null, ReturnMethod | null | undefined, ReturnMethod | null>;
  paused_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  fee_vnd: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  paid_online: ColumnType<boolean, boolean | undefined, boolean>;
  electronic_result: ColumnType<boolean, boolean | undefined, boolean>;
  digitised: ColumnType<boolean, boolean | undefined, boolean>;
  current_step: ColumnType<number | null, number | null | undefined, number | null>;
  department_id: ColumnType<string | null, string | null | undefined, string | null>;
  assignee_id: ColumnType<string | null, string | null | undefined, string | null>;
  version: ColumnType<number, number | undefined, number>;
  reminded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  // The historical import run that brought the dossier in (migration 0014).
  import_id: ColumnType<string | null, string | null | undefined, string | null>;
  // How the applicant asked to receive the result, given at counter intake (migration 0015).
  result_delivery: ColumnType<ReturnMethod | null, ReturnMethod | null | undefined, ReturnMethod | null>;
  // A draft frozen for the payment of fees charged before submission (migration 0033); null otherwise.
  payment_pending_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type ApplicantKind = 'citizen' | 'organisation';
export type DossierSource = 'portal' | 'counter' | 'national_portal' | 'import';
/** Result category of a resolved dossier: finished before the due day, on it, or after it. */
export type Timeliness = 'early' | 'on_time' | 'late';
export type ReturnMethod = 'counter' | 'post' | 'online';

export interface DossierPausesTable {
  id: Generated<string>;
  dossier_id: string;
  kind: 'supplement' | 'payment';
  started_at: ColumnType<Date, Date | string, Date | string>;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reason: string | null;
}

export interface DossierSequencesTable {
  agency_id: string;
  day: DateOnly;
  last: number;
}

export interface PersonalDocumentsTable {
  id: Generated<string>;
  owner_id: string;
  organisation_id: string | null;
  file_id: string;
  title: string;
  kind: 'upload' | 'result';
  source_dossier_id: string | null;
  created_at: Generated<Date>;
}

export interface DossierFilesTable {
  id: Generated<string>;
  dossier_id: string;
  document_id: string;
  file_id: string;
  created_at: Timestamp;
}

export interface DossierEventsTable {
  id: Generated<string>;
  dossier_id: string;
  at: Timestamp;
  actor_id: string | null;
  status: number;
  action: string;
  content: string | null;
  handler_name: string | null;
  department: string | null;
  legal_end: Timestamp | null;
  /** What happened as a message key and its parameters, rendered in the reader's language (0023; null before). */
  message: ColumnType<EventMessageJson | null, EventMessageJson | null | undefined, EventMessageJson | null>;
}

/** dossier_events.message: a timeline message key and its parameters (src/modules/kernel/timeline.ts). */
export interface EventMessageJson {
  key: string;
  params: Record<string, string | number | boolean | string[] | null>;
}

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  processed_at: Timestamp | null;
  /** 0066: the writing transaction's id (xid8 as text; 0 for rows older than 0066), what the consumers' marks compare. */
  xid: Generated<string>;
}

export interface LookupAttemptsTable {
  id: Generated<string>;
  ip: string;
  at: Timestamp;
}

/** One run of the historical import (migration 0014). */
export interface DossierImportsTable {
  id: Generated<string>;
  created_by: string | null;
  actor_name: string | null;
  origin: 'cli' | 'web';
  file_name: string;
  format: 'csv' | 'xlsx';
  sha256: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  source_file_id: string | null;
  errors_file_id: ColumnType<string | null, string | null | undefined, string | null>;
  scope_agency_ids: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  status: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | 'running' | 'done' | 'failed' | undefined, 'queued' | 'running' | 'done' | 'failed'>;
  processed_rows: ColumnType<number, number | undefined, number>;
  processed_bytes: ColumnType<string, number | string | undefined, number | string>;
  total_rows: ColumnType<number | null, number | null | undefined, number | null>;
  inserted_rows: ColumnType<number, number | undefined, number>;
  existing_rows: ColumnType<number, number | undefined, number>;
  bad_rows: ColumnType<number, number | undefined, number>;
  error_code: ColumnType<string | null, string | null | undefined, string | null>;
  error_params: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  updated_at: Timestamp;
}

// Decision 766 scorecard (migration 0016).
export interface ScorecardGroupsTable {
  code: string;
  position: number;
  name: string;
  name_en: string;
  max_points: ColumnType<string, string | number, string | number>;
}

export interface ScorecardIndicatorsTable {
  code: string;
  group_code: string;
  position: number;
  name: string;
  name_en: string;
  numerator_metric: string;
  denominator_metric: string;
  complement: Generated<boolean>;
  target: ColumnType<string, string | number, string | number>;
  max_points: ColumnType<string, string | number, string | number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface ScorecardSnapshotsTable {
  agency_id: string;
  month: DateOnly;
  points: ColumnType<string, string | number, string | number>;
  max_points: ColumnType<string, string | number, string | number>;
  result: Json<Record<string, unknown>>;
  computed_at: Timestamp;
}

export interface PortalVisitsTable {
  day: DateOnly;
  views: ColumnType<string, string | number, string | number>;
}

// --- 0011_notifications: outbox deliveries, notifications, SMS, messages, ratings ---

export interface OutboxDeliveriesTable {
  consumer: string;
  outbox_id: string;
  delivered_at: Timestamp;
}

/** 0066: each outbox consumer's low-water mark: every row of `topics` written by a transaction below it is delivered. */
export interface OutboxConsumerMarksTable {
  consumer: string;
  topics: string[];
  /** xid8 as text. */
  delivered_below: Generated<string>;
  updated_at: Generated<Timestamp>;
}

export interface OfficerRemindersTable {
  step_id: string;
  kind: 'due_soon' | 'overdue';
  dossier_id: string;
  recipients: Generated<number>;
  sent_at: Generated<Timestamp>;
}

export interface NotificationsTable {
  id: Generated<string>;
  account_id: string;
  dossier_id: string | null;
  kind: 'dossier.submitted' | 'dossier.status' | 'dossier.message' | 'dossier.reminder' | 'meeting.invitation';
  title: string;
  body: string;
  link: string | null;
  outbox_id: string | null;
  /** What the notification says as a message key and parameters, rendered in the reader's language (0022). */
  message: ColumnType<NotificationMessage | null, NotificationMessage | null | undefined, NotificationMessage | null>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

/** A notification's text as data: a notice kind and its parameters (see notifications.rules.ts `renderNotice`). */
export interface NotificationMessage {
  key: string;
  params: Record<string, string | number | null>;
}

export interface SmsMessagesTable {
  id: Generated<string>;
  to_number: string;
  body: string;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | 'sent' | 'failed' | undefined, 'pending' | 'sent' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface DossierMessagesTable {
  id: Generated<string>;
  dossier_id: string;
  author_id: string;
  from_applicant: boolean;
  body: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

// --- Procedure review with compliance costs (migration 0061) -------------------------------------------

export interface ReviewWagesTable {
  year: number;
  monthly_wage_vnd: ColumnType<string, number | string, number | string>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ProcedureReviewsTable {
  id: Generated<string>;
  agency_id: string;
  year: number;
  status: Generated<'draft' | 'submitted' | 'approved' | 'returned'>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A sheet row as stored (review.rules.ts SheetRow). */
export interface ReviewSheetRowJson {
  kind: string;
  label: string;
  hoursX100: number;
  amountVnd: number;
}

export interface ProcedureReviewItemsTable {
  id: Generated<string>;
  review_id: string;
  procedure_code: string;
  version_id: string;
  procedure_name: string;
  position: Generated<number>;
  frequency: number;
  measured_frequency: Generated<number>;
  sheet_before: Json<ReviewSheetRowJson[]>;
  proposal: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  sheet_after: ColumnType<ReviewSheetRowJson[] | null, string | null | undefined, string | null>;
  drafted_version: number | null;
  drafted_note: string | null;
  drafted_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProcedureReviewEventsTable {
  id: Generated<string>;
  review_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  action: 'create' | 'submit' | 'approve' | 'return' | 'draft_version';
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

export interface RatingOption {
  value: string;
  vi: string;
  en: string;
  score: number;
}

export interface RatingCriteriaTable {
  code: string;
  position: number;
  question_vi: string;
  question_en: string;
  options: Json<RatingOption[]>;
  active: Generated<boolean>;
}

export interface DossierRatingsTable {
  dossier_id: string;
  account_id: string;
  agency_id: string;
  score: number;
  max_score: number;
  comment: string | null;
  created_at: Timestamp;
}

export interface DossierRatingAnswersTable {
  dossier_id: string;
  criterion_code: string;
  option_value: string;
  score: number;
}

// --- Back office: workflows and the control sheet (migration 0009) ------------------------------

export type WorkflowRole = 'receptionist' | 'specialist' | 'department_head' | 'agency_leader';

export interface WorkflowsTable {
  id: Generated<string>;
  procedure_version_id: string | null;
  agency_id: string | null;
  name: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WorkflowStepsTable {
  workflow_id: string;
  position: number;
  name: string;
  role: WorkflowRole;
  agency_id: string | null;
  department_id: string | null;
  budget_value: ColumnType<string, number | string, number | string>;
  budget_unit: TimeLimitUnit;
  actions: ColumnType<string[], string[] | undefined, string[]>;
  /** An agency rule instead of a fixed agency (migration 0042, handling.routing.ts); NULL: fixed. */
  agency_rule: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface DossierStepsTable {
  id: Generated<string>;
  dossier_id: string;
  position: number;
  name: string;
  role: string;
  agency_id: string;
  department_id: string | null;
  assignee_id: string | null;
  handed_over_by: string | null;
  started_at: ColumnType<Date, Date | string, Date | string>;
  due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  result: ColumnType<Timeliness | null, Timeliness | null | undefined, Timeliness | null>;
  outcome: string | null;
  note: string | null;
  /** Migration 0041: the current task (NULL: no tasks; n + 1: all done), its role, holder and start. */
  task_position: ColumnType<number | null, number | null | undefined, number | null>;
  task_role: ColumnType<WorkflowRole | null, WorkflowRole | null | undefined, WorkflowRole | null>;
  task_assignee_id: ColumnType<string | null, string | null | undefined, string | null>;
  task_started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The current task's name (migration 0043; the officers' queue shows it). */
  task_name: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Daily / monthly counts of dossier life-cycle events (migration 0013_reports.sql; maintained by triggers). */
export interface ReportDailyTable {
  agency_id: string;
  procedure_version_id: string;
  day: DateOnly;
  metric: number;
  n: number;
}

export interface ReportMonthlyTable {
  agency_id: string;
  procedure_version_id: string;
  month: DateOnly;
  metric: number;
  n: number;
}

/** The same counts summed by the field of the procedure version (migration 0020_report_fields.sql; triggers). */
export interface ReportFieldDailyTable {
  agency_id: string;
  field_id: string;
  day: DateOnly;
  metric: number;
  n: number;
}

export interface ReportFieldMonthlyTable {
  agency_id: string;
  field_id: string;
  month: DateOnly;
  metric: number;
  n: number;
}

/** The demo PKI's CA and agency keys (migration 0024, src/modules/results/results.pki.ts). */
export interface SigningKeysTable {
  id: Generated<string>;
  kind: 'ca' | 'agency' | 'person';
  agency_id: string | null;
  /** A person's own certificate (kind person; migration 0056, outgoing documents' signers). */
  account_id: ColumnType<string | null, string | null | undefined, string | null>;
  subject: string;
  certificate_pem: string;
  private_key_pem: string;
  created_at: Timestamp;
}

/** A dossier's signed electronic result (migration 0024). */
export interface DossierResultsTable {
  id: Generated<string>;
  dossier_id: string;
  file_id: string;
  code: string;
  sha256: string;
  signer_subject: string;
  signed_at: Timestamp | null;
  source: 'generated' | 'uploaded';
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  revoke_reason: string | null;
  revoked_by: string | null;
}

/** Failed look-ups of the verification page per address (migration 0024). */
export interface ResultLookupAttemptsTable {
  id: Generated<string>;
  ip: string;
  at: Timestamp;
}

// --- 0025_payments: payment orders, receipt counters, callbacks, reconciliation ---------------------------

export type PaymentProvider = 'platform' | 'vietqr';
export type PaymentStatus = 'created' | 'paid' | 'cancelled' | 'expired' | 'refunded';
export interface PaymentLine {
  label: string;
  kind: 'phi' | 'le_phi';
  amountVnd: number;
}

export interface PaymentOrdersTable {
  id: Generated<string>;
  order_no: string;
  dossier_id: string;
  agency_id: string;
  provider: PaymentProvider;
  lines: Json<PaymentLine[]>;
  amount_vnd: ColumnType<string, number | string, number | string>;
  status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  transaction_id: string | null;
  pay_url: string | null;
  bank_code: string | null;
  paid_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  refunded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  refund_id: string | null;
  refund_reason: string | null;
  created_by: string | null;
  confirmed_by: string | null;
  receipt_year: number | null;
  receipt_no: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentReceiptCountersTable {
  agency_id: string;
  year: number;
  last: number;
}

export interface PaymentCallbacksTable {
  id: Generated<string>;
  received_at: Timestamp;
  source: 'callback' | 'return' | 'query';
  order_no: string | null;
  transaction_id: string | null;
  outcome: 'accepted' | 'duplicate' | 'bad_signature' | 'amount_mismatch' | 'unknown_order' | 'not_paid' | 'malformed';
  payload: Json<Record<string, unknown>>;
}

export interface PaymentReconciliationsTable {
  day: DateOnly;
  ran_at: Timestamp;
  lines: number;
  matched: number;
  mismatches: number;
}

export type DiscrepancyKind = 'no_order' | 'amount_differs' | 'missing_at_platform' | 'status_differs' | 'callback_amount' | 'duplicate_payment';

export interface PaymentDiscrepanciesTable {
  id: Generated<string>;
  kind: DiscrepancyKind;
  day: DateOnly | null;
  agency_id: string | null;
  order_id: string | null;
  order_no: string | null;
  transaction_id: string | null;
  amount_vnd: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  expected_vnd: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  detail: string | null;
  created_at: Timestamp;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  resolved_by: string | null;
  resolution: string | null;
}

// --- Catalog sync with the national portal (migration 0030) --------------------------------------

export type CatalogSyncRunStatus = 'running' | 'done' | 'failed';
export type CatalogPortalStatus = 'published' | 'withdrawn' | 'absent';

export interface CatalogSyncRunsTable {
  id: Generated<string>;
  trigger: 'schedule' | 'manual';
  requested_by: string | null;
  status: ColumnType<CatalogSyncRunStatus, CatalogSyncRunStatus | undefined, CatalogSyncRunStatus>;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  total: ColumnType<number, number | undefined, number>;
  processed: ColumnType<number, number | undefined, number>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  items: ColumnType<Array<{ code: string; name: string; outcome: string; reason?: string; detail?: string }>, string | undefined, string>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CatalogPublicityTable {
  procedure_id: string;
  national_code: string;
  agency_id: string;
  portal_status: CatalogPortalStatus;
  first_seen_published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  portal_published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  required_on: ColumnType<string | null, string | null | undefined, string | null>;
  portal_agency_code: ColumnType<string | null, string | null | undefined, string | null>;
  last_synced_at: Timestamp;
  last_run_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DB {
  agencies: AgenciesTable;
  agency_history: AgencyHistoryTable;
  departments: DepartmentsTable;
  organisations: OrganisationsTable;
  accounts: AccountsTable;
  account_roles: AccountRolesTable;
  sessions: SessionsTable;
  account_identities: AccountIdentitiesTable;
  sso_sessions: SsoSessionsTable;
  email_tokens: EmailTokensTable;
  login_attempts: LoginAttemptsTable;
  login_limits: LoginLimitsTable;
  server_secrets: ServerSecretsTable;
  mail_messages: MailMessagesTable;
  files: FilesTable;
  audit_log: AuditLogTable;
  fields: FieldsTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  procedure_documents: ProcedureDocumentsTable;
  calendar_year_entries: CalendarYearEntriesTable;
  agency_working_hours: AgencyWorkingHoursTable;
  dossiers: DossiersTable;
  dossier_sequences: DossierSequencesTable;
  dossier_files: DossierFilesTable;
  personal_documents: PersonalDocumentsTable;
  dossier_events: DossierEventsTable;
  dossier_pauses: DossierPausesTable;
  dossier_imports: DossierImportsTable;
  outbox: OutboxTable;
  lookup_attempts: LookupAttemptsTable;
  report_daily: ReportDailyTable;
  report_monthly: ReportMonthlyTable;
  report_field_daily: ReportFieldDailyTable;
  report_field_monthly: ReportFieldMonthlyTable;
  workflows: WorkflowsTable;
  workflow_steps: WorkflowStepsTable;
  dossier_steps: DossierStepsTable;
  workflow_step_tasks: WorkflowStepTasksTable;
  dossier_step_tasks: DossierStepTasksTable;
  outbox_deliveries: OutboxDeliveriesTable;
  outbox_consumer_marks: OutboxConsumerMarksTable;
  notifications: NotificationsTable;
  officer_reminders: OfficerRemindersTable;
  sms_messages: SmsMessagesTable;
  dossier_messages: DossierMessagesTable;
  rating_criteria: RatingCriteriaTable;
  dossier_ratings: DossierRatingsTable;
  dossier_rating_answers: DossierRatingAnswersTable;
  scorecard_groups: ScorecardGroupsTable;
  scorecard_indicators: ScorecardIndicatorsTable;
  scorecard_snapshots: ScorecardSnapshotsTable;
  portal_visits: PortalVisitsTable;
  address_provinces: AddressProvincesTable;
  address_communes: AddressCommunesTable;
  postal_deliveries: PostalDeliveriesTable;
  postal_shipments: PostalShipmentsTable;
  postal_shipment_events: PostalShipmentEventsTable;
  postal_webhook_refusals: PostalWebhookRefusalsTable;
  payment_orders: PaymentOrdersTable;
  payment_receipt_counters: PaymentReceiptCountersTable;
  payment_callbacks: PaymentCallbacksTable;
  payment_reconciliations: PaymentReconciliationsTable;
  payment_discrepancies: PaymentDiscrepanciesTable;
  signing_keys: SigningKeysTable;
  dossier_results: DossierResultsTable;
  result_lookup_attempts: ResultLookupAttemptsTable;
  national_portal_dossiers: NationalPortalDossiersTable;
  national_portal_messages: NationalPortalMessagesTable;
  national_portal_health: NationalPortalHealthTable;
  data_sharing_lookups: DataSharingLookupsTable;
  catalog_sync_runs: CatalogSyncRunsTable;
  catalog_publicity: CatalogPublicityTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  api_keys: ApiKeysTable;
  api_key_usage: ApiKeyUsageTable;
  review_wages: ReviewWagesTable;
  procedure_reviews: ProcedureReviewsTable;
  procedure_review_items: ProcedureReviewItemsTable;
  procedure_review_events: ProcedureReviewEventsTable;
  par_sets: ParSetsTable;
  par_nodes: ParNodesTable;
  par_assessments: ParAssessmentsTable;
  par_entries: ParEntriesTable;
  par_evidence: ParEvidenceTable;
  par_plans: ParPlansTable;
  par_plan_tasks: ParPlanTasksTable;
  par_plan_reports: ParPlanReportsTable;
  floor_groups: FloorGroupsTable;
  floor_group_procedures: FloorGroupProceduresTable;
  floor_counters: FloorCountersTable;
  floor_counter_groups: FloorCounterGroupsTable;
  floor_ticket_sequences: FloorTicketSequencesTable;
  floor_tickets: FloorTicketsTable;
  floor_counter_ratings: FloorCounterRatingsTable;
  floor_ticket_events: FloorTicketEventsTable;
  floor_kiosk_limits: FloorKioskLimitsTable;
  appointment_settings: AppointmentSettingsTable;
  appointment_slots: AppointmentSlotsTable;
  appointments: AppointmentsTable;
  meeting_events: MeetingEventsTable;
  meeting_event_participants: MeetingEventParticipantsTable;
  meeting_event_departments: MeetingEventDepartmentsTable;
  meeting_event_versions: MeetingEventVersionsTable;
  meeting_invitation_registers: MeetingInvitationRegistersTable;
  meeting_invitations: MeetingInvitationsTable;
  meeting_attachments: MeetingAttachmentsTable;
  survey_questionnaires: SurveyQuestionnairesTable;
  survey_factors: SurveyFactorsTable;
  survey_questions: SurveyQuestionsTable;
  survey_rounds: SurveyRoundsTable;
  survey_round_strata: SurveyRoundStrataTable;
  survey_samples: SurveySamplesTable;
  survey_answers: SurveyAnswersTable;
  feedback: FeedbackTable;
  feedback_files: FeedbackFilesTable;
  feedback_events: FeedbackEventsTable;
  feedback_verifications: FeedbackVerificationsTable;
  feedback_limits: FeedbackLimitsTable;
  incoming_sequences: IncomingSequencesTable;
  incoming_documents: IncomingDocumentsTable;
  incoming_assignees: IncomingAssigneesTable;
  incoming_files: IncomingFilesTable;
  incoming_events: IncomingEventsTable;
  outgoing_chains: OutgoingChainsTable;
  outgoing_chain_steps: OutgoingChainStepsTable;
  outgoing_documents: OutgoingDocumentsTable;
  outgoing_recipients: OutgoingRecipientsTable;
  outgoing_events: OutgoingEventsTable;
  outgoing_sequences: OutgoingSequencesTable;
  outgoing_register: OutgoingRegisterTable;
  docexchange_partners: DocExchangePartnersTable;
  docexchange_keys: DocExchangeKeysTable;
  docexchange_packages: DocExchangePackagesTable;
  docexchange_statuses: DocExchangeStatusesTable;
  docexchange_refusals: DocExchangeRefusalsTable;
  docexchange_result_files: DocExchangeResultFilesTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Agency = Selectable<AgenciesTable>;
export type ProcedureVersion = Selectable<ProcedureVersionsTable>;

// Public postal service (migration 0026): post-2025 address units, delivery wishes, shipments and their events.
export interface AddressProvincesTable {
  code: string;
  name: string;
  kind: 'city' | 'province';
  position: number;
}

export interface AddressCommunesTable {
  code: string;
  province_code: string;
  name: string;
  kind: 'ward' | 'commune' | 'special_zone';
}

export interface PostalDeliveriesTable {
  dossier_id: string;
  account_id: string;
  recipient_name: string;
  phone: string;
  street: string;
  province_code: string;
  commune_code: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type ShipmentKind = 'dossier' | 'result';
export type ShipmentStatus = 'created' | 'accepted' | 'in_transit' | 'delivered' | 'failed';

export interface PostalShipmentsTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  kind: ShipmentKind;
  tracking_number: string;
  postage_vnd: ColumnType<string, number | string, number | string>;
  weight_grams: number;
  status: ColumnType<ShipmentStatus, ShipmentStatus | undefined, ShipmentStatus>;
  failure_reason: ColumnType<string | null, string | null | undefined, string | null>;
  recipient_name: string;
  phone: string;
  street: string;
  province_code: string;
  commune_code: string;
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  counter_returned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  counter_returned_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PostalShipmentEventsTable {
  id: Generated<string>;
  shipment_id: string;
  event_id: string;
  status: Exclude<ShipmentStatus, 'created'>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  received_at: Generated<Date>;
  applied: boolean;
}

export interface PostalWebhookRefusalsTable {
  id: Generated<string>;
  received_at: Generated<Date>;
  code: string;
  tracking_number: ColumnType<string | null, string | null | undefined, string | null>;
  remote_address: ColumnType<string | null, string | null | undefined, string | null>;
}

// --- National Public Service Portal (migration 0029) ---------------------------------------------

export interface NationalPortalDossiersTable {
  national_code: string;
  dossier_id: string;
  origin: ColumnType<'portal' | 'agency', 'portal' | 'agency' | undefined, 'portal' | 'agency'>;
  procedure_code: string;
  files: ColumnType<Array<{ id: string; name: string; sha256: string }>, string | undefined, string>;
  received_at: Timestamp;
}

export type NationalPortalMessageKind = 'progress' | 'status';
export type NationalPortalMessageState = 'pending' | 'sent' | 'failed';

export interface NationalPortalMessagesTable {
  id: Generated<string>;
  dossier_id: string;
  procedure_id: string;
  kind: NationalPortalMessageKind;
  sequence: number;
  payload: Json<Record<string, unknown>>;
  state: ColumnType<NationalPortalMessageState, NationalPortalMessageState | undefined, NationalPortalMessageState>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface NationalPortalHealthTable {
  id: ColumnType<boolean, boolean | undefined, boolean>;
  unreachable_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  last_success_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  alerted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

// Data sharing (migration 0031): the population database and the business registry.
export type SharedSource = 'population' | 'business';
export type DataSharingOutcome = 'found' | 'not_found' | 'empty' | 'malformed' | 'timeout' | 'unreachable' | 'refused' | 'error';

export interface DataSharingLookupsTable {
  id: Generated<string>;
  dossier_id: string;
  actor_id: string | null;
  service: SharedSource;
  subject: string;
  at: Timestamp;
  outcome: DataSharingOutcome;
  detail: string | null;
  answer: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  filled: Json<Record<string, { mark: string; value: unknown }>>;
  duration_ms: number;
}

// Single sign-on (migration 0028): identity-provider subjects linked to accounts, and the sessions they opened.
export interface AccountIdentitiesTable {
  provider: string;
  subject: string;
  account_id: string;
  personal_id: string;
  tax_code: string | null;
  loa: number;
  linked_at: Timestamp;
  last_sign_in_at: Timestamp;
}

export interface SsoSessionsTable {
  session_id: string;
  provider: string;
  subject: string;
  sid: string | null;
  id_token: string;
  created_at: Timestamp;
}

// Service accounts' API keys (migration 0034).
export interface ApiKeysTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  prefix: string;
  secret_hash: Buffer;
  rate_limit_per_minute: number;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_by: ColumnType<string | null, string | null | undefined, string | null>;
  replaced_by: ColumnType<string | null, string | null | undefined, string | null>;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ApiKeyUsageTable {
  key_id: string;
  window_start: Timestamp;
  count: ColumnType<number, number | undefined, number>;
}

// Webhooks (migration 0035): subscriptions per agency subtree and their signed deliveries.
export type WebhookEventType = 'dossier.submitted' | 'dossier.status_changed' | 'result.issued' | 'result.revoked' | 'payment.received';
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  agency_id: string;
  name: string;
  url: string;
  event_types: ColumnType<WebhookEventType[], WebhookEventType[], WebhookEventType[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  secret: string;
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  secret_rotated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  subscription_id: string;
  event_id: string;
  event_type: WebhookEventType;
  dossier_id: string;
  payload: Json<Record<string, unknown>>;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  round_attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_status_code: ColumnType<number | null, number | null | undefined, number | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  last_duration_ms: ColumnType<number | null, number | null | undefined, number | null>;
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
}

/** Migration 0041: the ordered tasks of a workflow step (issue 15). */
export type TaskAssignment = 'single_user' | 'any_of_role';
export type TaskKind = 'handle' | 'review' | 'approve';

export interface WorkflowStepTasksTable {
  workflow_id: string;
  step_position: number;
  position: number;
  name: string;
  role: WorkflowRole;
  assignment: TaskAssignment;
  kind: TaskKind;
  share_value: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  share_unit: ColumnType<TimeLimitUnit | null, TimeLimitUnit | null | undefined, TimeLimitUnit | null>;
}

/** Migration 0041: the tasks finished (or sent back) within a control-sheet row. */
export interface DossierStepTasksTable {
  id: Generated<string>;
  step_id: string;
  position: number;
  name: string;
  role: string;
  kind: TaskKind;
  officer_id: string | null;
  started_at: ColumnType<Date, Date | string, Date | string>;
  finished_at: ColumnType<Date, Date | string, Date | string>;
  outcome: 'done' | 'returned';
  note: string | null;
  /** The task's due instant and its grade against it (migration 0043; NULL: no due instant). */
  due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  result: ColumnType<Timeliness | null, Timeliness | null | undefined, Timeliness | null>;
}

/** Migrations 0044-0045: feedback and complaints (phản ánh, kiến nghị; src/modules/feedback/). */
export type FeedbackCategory = 'procedure' | 'regulation' | 'conduct' | 'other';
export type FeedbackStatus = 'received' | 'assigned' | 'answered' | 'published' | 'closed';
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface FeedbackTable {
  id: Generated<string>;
  code: string;
  category: FeedbackCategory;
  is_complaint: Generated<boolean>;
  agency_id: string;
  procedure_code: string | null;
  dossier_id: string | null;
  title: string;
  content: string;
  search_text: Generated<string>;
  channel: 'portal' | 'counter';
  submitter_id: string | null;
  contact_name: string;
  contact_phone: string | null;
  contact_email: string | null;
  verified_by: 'account' | 'phone' | 'email' | 'counter';
  access_hash: Buffer | null;
  status: Generated<FeedbackStatus>;
  assignee_id: string | null;
  received_at: Timestamp;
  due_at: ColumnType<Date, Date | string, Date | string>;
  answer: string | null;
  answer_file_id: string | null;
  answered_at: NullableTime;
  answered_by: string | null;
  published_at: NullableTime;
  published_title: string | null;
  published_content: string | null;
  published_answer: string | null;
  published_search: string | null;
  closed_at: NullableTime;
  rating: 'satisfied' | 'not_satisfied' | null;
  rating_comment: string | null;
  rated_at: NullableTime;
  reminded_at: NullableTime;
  escalated_at: NullableTime;
  version: Generated<number>;
  created_at: Timestamp;
}

export interface FeedbackFilesTable {
  feedback_id: string;
  file_id: string;
  kind: 'attachment' | 'answer';
  created_at: Timestamp;
}

export interface FeedbackEventsTable {
  id: Generated<string>;
  feedback_id: string;
  at: Timestamp;
  actor_id: string | null;
  kind: string;
  params: ColumnType<Record<string, string | number | null>, Record<string, string | number | null> | string | undefined, Record<string, string | number | null> | string>;
}

export interface FeedbackVerificationsTable {
  id: Generated<string>;
  contact: string;
  channel: 'phone' | 'email';
  code_hash: Buffer;
  attempts: Generated<number>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: NullableTime;
  created_at: Timestamp;
}

export interface FeedbackLimitsTable {
  kind: string;
  key: string;
  attempts: number;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

/** Migrations 0046-0047: the SIPAS satisfaction survey (src/modules/surveys/). */
export interface SurveyQuestionnairesTable {
  id: Generated<string>;
  code: string;
  title_vi: string;
  title_en: string;
  scale_max: Generated<number>;
  satisfied_from: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveyFactorsTable {
  id: Generated<string>;
  questionnaire_id: string;
  code: string;
  position: number;
  name_vi: string;
  name_en: string;
}

export interface SurveyQuestionsTable {
  id: Generated<string>;
  questionnaire_id: string;
  factor_id: string;
  kind: 'perception' | 'satisfaction' | 'expectation';
  position: number;
  text_vi: string;
  text_en: string;
}

export interface SurveyRoundsTable {
  id: Generated<string>;
  questionnaire_id: string;
  agency_id: string;
  year: number;
  name: string;
  period_from: DateOnly;
  period_to: DateOnly;
  target_size: number;
  min_per_stratum: Generated<number>;
  seed: number;
  population: number | null;
  drawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SurveyRoundStrataTable {
  round_id: string;
  agency_id: string;
  procedure_id: string;
  population: number;
  allocated: number;
}

export interface SurveySamplesTable {
  id: Generated<string>;
  round_id: string;
  dossier_id: string;
  agency_id: string;
  procedure_id: string;
  token_hash: string | null;
  invited_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  source: ColumnType<'online' | 'paper' | null, 'online' | 'paper' | null | undefined, 'online' | 'paper' | null>;
  entered_by: string | null;
}

export interface SurveyAnswersTable {
  sample_id: string;
  question_id: string;
  value: number;
}

// PAR Index (migrations 0048–0049, src/modules/parindex/): criteria trees per kind and year, assessments, evidence.
type Points = ColumnType<string, string | number, string | number>;
type PointsOrNull = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export interface ParSetsTable {
  id: Generated<string>;
  kind: 'ministry' | 'province';
  year: number;
  name: string;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ParNodesTable {
  id: Generated<string>;
  set_id: string;
  parent_id: string | null;
  depth: number;
  code: string;
  position: Generated<number>;
  name: string;
  name_en: string | null;
  max_points: Points;
  evidence_required: Generated<boolean>;
  from_survey: Generated<boolean>;
  auto_source: 'online_services' | 'on_time_rate' | 'score_766' | 'sipas' | null;
}

export interface ParAssessmentsTable {
  id: Generated<string>;
  set_id: string;
  agency_id: string;
  year: number;
  status: Generated<'draft' | 'submitted' | 'appraised'>;
  submitted_at: Date | null;
  submitted_by: string | null;
  appraised_at: Date | null;
  appraised_by: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ParEntriesTable {
  assessment_id: string;
  node_id: string;
  self_points: PointsOrNull;
  self_note: string | null;
  self_source: string | null;
  appraised_points: PointsOrNull;
  appraisal_comment: string | null;
  appraisal_source: string | null;
  updated_at: Timestamp;
}

export interface ParEvidenceTable {
  id: Generated<string>;
  assessment_id: string;
  node_id: string;
  file_id: string;
  name: string;
  created_by: string | null;
  created_at: Timestamp;
}

// The one-stop centre floor (migration 0050, issue 20).
export type FloorTicketPriority = 'none' | 'elderly' | 'disability' | 'pregnant';
export type FloorTicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'skipped' | 'cancelled';
export type FloorGrade = 'satisfied' | 'normal' | 'not_satisfied';

export interface FloorGroupsTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  name_vi: string;
  name_en: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface FloorGroupProceduresTable {
  group_id: string;
  procedure_id: string;
}

export interface FloorCountersTable {
  id: Generated<string>;
  agency_id: string;
  number: number;
  label: Generated<string>;
  active: Generated<boolean>;
  officer_id: string | null;
  opened_at: Date | null;
  created_at: Generated<Date>;
}

export interface FloorCounterGroupsTable {
  counter_id: string;
  group_id: string;
}

export interface FloorTicketSequencesTable {
  group_id: string;
  day: DateOnly;
  last: number;
}

export interface FloorTicketsTable {
  id: Generated<string>;
  agency_id: string;
  /** The group issued for (letter, number); queue_group_id: the queue it waits in now (a transfer changes it). */
  group_id: string;
  queue_group_id: string;
  day: DateOnly;
  number: number;
  /** As printed: A012. */
  code: string;
  priority: Generated<FloorTicketPriority>;
  source: Generated<FloorTicketSource>;
  /** Generated: 0 a legal priority, 1 an appointment, 2 the others (the queue's order, then issued_at). */
  rank: ColumnType<number, never, never>;
  appointment_id: string | null;
  phone: string | null;
  status: Generated<FloorTicketStatus>;
  counter_id: string | null;
  officer_id: string | null;
  /** Transferred to one counter: waiting for it only. */
  for_counter_id: string | null;
  dossier_id: string | null;
  calls: Generated<number>;
  issued_at: Generated<Date>;
  called_at: Date | null;
  last_called_at: Date | null;
  served_at: Date | null;
  finished_at: Date | null;
  /** Generated: called_at − issued_at, finished_at − served_at (seconds). */
  wait_seconds: ColumnType<number | null, never, never>;
  service_seconds: ColumnType<number | null, never, never>;
  version: Generated<number>;
}

export type FloorTicketSource = 'kiosk' | 'appointment' | 'officer';
export type FloorEventKind = 'issued' | 'called' | 'recalled' | 'skipped' | 'transferred' | 'serving' | 'done' | 'cancelled';

export interface FloorTicketEventsTable {
  id: Generated<string>;
  agency_id: string;
  ticket_id: string;
  kind: FloorEventKind;
  counter_id: string | null;
  officer_id: string | null;
  at: Generated<Date>;
}

export interface FloorKioskLimitsTable {
  key: string;
  attempts: number;
  expires_at: Date;
}

export interface FloorCounterRatingsTable {
  id: Generated<string>;
  ticket_id: string;
  agency_id: string;
  counter_id: string;
  officer_id: string;
  dossier_id: string | null;
  grade: FloorGrade;
  reasons: Generated<string[]>;
  comment: string | null;
  created_at: Generated<Date>;
}

// The yearly PAR plan (migration 0063, issue 21).
export type ParPlanTaskStatus = 'open' | 'done' | 'cancelled';

export interface ParPlansTable {
  id: Generated<string>;
  agency_id: string;
  year: number;
  set_id: string;
  title: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface ParPlanTasksTable {
  id: Generated<string>;
  plan_id: string;
  field_code: string;
  title: string;
  owner_department_id: string;
  deadline: DateOnly;
  expected_output: Generated<string>;
  evidence_required: Generated<boolean>;
  status: Generated<ParPlanTaskStatus>;
  progress: Generated<number>;
  completed_at: Date | null;
  reminded_at: Date | null;
  overdue_at: Date | null;
  created_at: Generated<Date>;
  version: Generated<number>;
}

export interface ParPlanReportsTable {
  id: Generated<string>;
  task_id: string;
  reported_by: string;
  progress: number;
  note: Generated<string>;
  file_id: string | null;
  file_name: string | null;
  created_at: Generated<Date>;
}

// --- incoming documents (văn bản đến; migrations 0053–0054) ---
export type IncomingStatus = 'registered' | 'routed' | 'assigned' | 'in_progress' | 'closed' | 'answered';
export type IncomingAssigneeRole = 'lead' | 'coordinate' | 'inform';

export interface IncomingSequencesTable {
  agency_id: string;
  year: number;
  last: number;
}

export interface IncomingDocumentsTable {
  id: Generated<string>;
  agency_id: string;
  year: number;
  number: number;
  channel: 'paper' | 'electronic';
  received_at: Timestamp;
  issuer: string;
  issuer_folded: string;
  number_symbol: string;
  number_symbol_norm: string;
  issued_on: DateOnly;
  doc_type: string;
  excerpt: string;
  signer: string | null;
  urgency: 'normal' | 'urgent' | 'very_urgent' | 'flash';
  confidentiality: 'none' | 'confidential' | 'secret' | 'top_secret';
  page_count: number | null;
  sender_code: string | null;
  package_id: string | null;
  status: Generated<IncomingStatus>;
  registered_by: string | null;
  leader_id: string | null;
  routed_at: Timestamp | null;
  lead_department_id: string | null;
  assigned_at: Timestamp | null;
  deadline_at: Timestamp | null;
  closed_at: Timestamp | null;
  outgoing_id: string | null;
  reminded_at: Timestamp | null;
  overdue_notified_at: Timestamp | null;
  search_text: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Date>;
}

export interface IncomingAssigneesTable {
  incoming_id: string;
  account_id: string;
  role: IncomingAssigneeRole;
}

export interface IncomingFilesTable {
  incoming_id: string;
  file_id: string;
  text_chars: Generated<number>;
  created_at: Generated<Date>;
}

export interface IncomingEventsTable {
  id: Generated<string>;
  incoming_id: string;
  at: Timestamp;
  actor_id: string | null;
  kind: string;
  params: ColumnType<Record<string, string | number | null>, Record<string, string | number | null> | string | undefined, Record<string, string | number | null> | string>;
}

// Appointments at the one-stop centre (migration 0052, issue 20).
export type AppointmentStatus = 'booked' | 'checked_in' | 'cancelled' | 'no_show';

export interface AppointmentSettingsTable {
  group_id: string;
  enabled: Generated<boolean>;
  slot_minutes: Generated<number>;
  capacity: Generated<number>;
  days_ahead: Generated<number>;
  cutoff_minutes: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface AppointmentSlotsTable {
  group_id: string;
  starts_at: Date;
  booked: Generated<number>;
}

export interface AppointmentsTable {
  id: Generated<string>;
  code: string;
  agency_id: string;
  group_id: string;
  procedure_id: string | null;
  day: DateOnly;
  starts_at: Date;
  ends_at: Date;
  status: Generated<AppointmentStatus>;
  channel: 'online' | 'phone';
  account_id: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  locale: Generated<'vi' | 'en'>;
  access_hash: Buffer | null;
  booked_by: string | null;
  created_at: Generated<Date>;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  checked_in_at: Date | null;
  ticket_id: string | null;
  no_show_at: Date | null;
  reminded_at: Date | null;
  version: Generated<number>;
}

// Outgoing official documents (migrations 0055–0056, src/modules/outgoing/).
export type OutgoingStatus = 'draft' | 'in_review' | 'returned' | 'approved' | 'issued';
export type OutgoingChainStep = { role: 'specialist' | 'department_head' | 'agency_leader' } | { accountId: string; name: string };

export interface OutgoingChainsTable {
  id: Generated<string>;
  agency_id: string;
  doc_type: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface OutgoingChainStepsTable {
  chain_id: string;
  position: number;
  role: 'specialist' | 'department_head' | 'agency_leader' | null;
  account_id: string | null;
}

export interface OutgoingDocumentsTable {
  id: Generated<string>;
  agency_id: string;
  doc_type: string;
  issuer_abbreviation: string;
  unit_abbreviation: string | null;
  excerpt: string;
  body: string;
  place: string;
  urgency: Generated<string>;
  confidentiality: Generated<string>;
  signer_id: string;
  signer_title: string;
  status: Generated<OutgoingStatus>;
  chain: ColumnType<OutgoingChainStep[], string | undefined, string>;
  step: number | null;
  answers_incoming_id: string | null;
  dossier_id: string | null;
  number: number | null;
  number_symbol: string | null;
  issued_at: Timestamp | null;
  issued_by: string | null;
  file_id: string | null;
  sha256: string | null;
  signer_subject: string | null;
  seal_subject: string | null;
  result_code: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface OutgoingRecipientsTable {
  document_id: string;
  position: number;
  agency_id: string | null;
  name: string;
  address: string | null;
  sent_at: Timestamp | null;
  send_status: Generated<'pending' | 'sent' | 'failed' | 'not_sent'>;
  send_note: string | null;
}

export interface OutgoingEventsTable {
  id: Generated<string>;
  document_id: string;
  kind: string;
  params: ColumnType<Record<string, string | number | null>, string | undefined, string>;
  actor_id: string | null;
  at: Generated<Date>;
}

export interface OutgoingSequencesTable {
  agency_id: string;
  year: number;
  last: number;
}

export interface OutgoingRegisterTable {
  agency_id: string;
  year: number;
  number: number;
  document_id: string;
  number_symbol: string;
  doc_type: string;
  issued_at: Timestamp;
}

// The work calendar and electronic invitations (migrations 0059–0060, src/modules/meetings/).
export interface MeetingEventsTable {
  id: Generated<string>;
  agency_id: string;
  leader_id: string | null;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  all_day: Generated<boolean>;
  location: Generated<string>;
  chair_id: string | null;
  chair_name: Generated<string>;
  outside_participants: Generated<string>;
  content: Generated<string>;
  is_public: Generated<boolean>;
  is_meeting: Generated<boolean>;
  status: Generated<'draft' | 'published' | 'cancelled'>;
  version: Generated<number>;
  changed_after_publish: Generated<boolean>;
  published_at: Timestamp | null;
  published_by: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  invitation_year: number | null;
  invitation_number: number | null;
  invitation_symbol: string | null;
  invitation_issued_at: Timestamp | null;
}

export interface MeetingEventParticipantsTable {
  event_id: string;
  account_id: string;
}

export interface MeetingEventDepartmentsTable {
  event_id: string;
  department_id: string;
}

export interface MeetingEventVersionsTable {
  event_id: string;
  version: number;
  snapshot: ColumnType<Record<string, unknown>, string, string>;
  changed_by: string | null;
  changed_at: Generated<Date>;
}

export interface MeetingInvitationRegistersTable {
  agency_id: string;
  year: number;
  last_number: Generated<number>;
}

export interface MeetingInvitationsTable {
  id: Generated<string>;
  event_id: string;
  account_id: string | null;
  agency_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  token_hash: string | null;
  status: Generated<'pending' | 'accepted' | 'declined' | 'delegated'>;
  reason: string | null;
  delegated_from: string | null;
  delegated_to: string | null;
  responded_at: Timestamp | null;
  sent_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface MeetingAttachmentsTable {
  id: Generated<string>;
  event_id: string;
  file_id: string;
  name: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

// The national document exchange, edXML (migration 0057, src/modules/docexchange/).
export interface DocExchangePartnersTable {
  id: Generated<string>;
  organ_id: string;
  name: string;
  public_key: string;
  external: Generated<boolean>;
  agency_id: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DocExchangeKeysTable {
  id: number;
  private_key: string;
  public_key: string;
  created_at: Generated<Date>;
}

export type DocExchangePackageState = 'sending' | 'sent' | 'received' | 'accepted' | 'assigned' | 'in_progress' | 'completed' | 'refused' | 'failed';

export interface DocExchangePackagesTable {
  id: Generated<string>;
  direction: 'out' | 'in';
  document_id: string;
  sender_organ_id: string;
  sender_name: string;
  recipients: ColumnType<Array<{ organId: string; organName: string }>, string | undefined, string>;
  code_notation: string;
  promulgation_date: DateOnly;
  subject: string;
  state: DocExchangePackageState;
  last_error: string | null;
  attempts: Generated<number>;
  envelope: string | null;
  size_bytes: Generated<number>;
  dossier_id: string | null;
  step_position: number | null;
  local_document_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** 0058: the step's hand-over on 06 — done, waiting (retried by the poll job), gone; null: none. */
  step_completion: ColumnType<'waiting' | 'done' | 'gone' | null, 'waiting' | 'done' | 'gone' | null | undefined, 'waiting' | 'done' | 'gone' | null>;
}

export interface DocExchangeStatusesTable {
  id: Generated<string>;
  package_id: string;
  direction: 'out' | 'in';
  code: string;
  from_organ_id: string;
  description: Generated<string>;
  staff: Generated<string>;
  at: Timestamp;
  recorded_at: Generated<Date>;
  attachment_names: ColumnType<string[], string | undefined, string>;
  /** 0065: our status messages (out) — pending until the exchange took them, refused when it answered 4xx. */
  delivery: Generated<'pending' | 'sent' | 'refused'>;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface DocExchangeRefusalsTable {
  id: Generated<string>;
  at: Generated<Date>;
  exchange_id: string;
  sender_organ_id: string;
  reason: string;
  detail: Generated<string>;
  size_bytes: number;
  answered: Generated<boolean>;
}

/** 0067: a result file a partner sent with its 06 about a dossier's liên thông step (stored once per package and content). */
export interface DocExchangeResultFilesTable {
  id: Generated<string>;
  package_id: string;
  dossier_id: string;
  file_id: string;
  sha256: string;
  from_organ_id: string;
  from_name: string;
  signature: 'genuine' | 'untrusted' | null;
  created_at: Generated<Date>;
}
