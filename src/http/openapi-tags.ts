// The capability tags of the OpenAPI document (top-level `tags`): one per capability, with a description.
// Every operation carries at least one of these; test/http/openapi-operations.test.ts checks that the tags used
// and the tags described are the same set. Meant for `openapi.tags` in src/http/app.ts (wired there by the lead).
export interface OpenApiTag {
  name: string;
  description: string;
}

export const OPENAPI_TAGS: OpenApiTag[] = [
  { name: 'auth', description: 'Sign-in, sign-out, registration of citizens and organisations, e-mail verification, passwords, organisation members.' },
  { name: 'catalog', description: 'Administrative procedures: public search and detail, versions, e-forms, templates, workflows, export.' },
  { name: 'dossiers', description: 'Online submission: drafts, e-form, attachments, submission, my dossiers, public lookup, receipt, supplements.' },
  { name: 'documents', description: "The applicant's document store: documents attached before and results received, reused in new dossiers." },
  { name: 'back-office', description: 'One-stop handling by officers: counter intake, queues, state-machine actions, control sheet, printed forms, tracking book.' },
  { name: 'results', description: 'Electronic results: issuing and signing (PAdES), upload of results signed elsewhere, public verification, revocation.' },
  { name: 'payments', description: 'Fees and charges of a dossier: online payment through the payment platform and its callback.' },
  { name: 'postal', description: 'Public postal service: provinces and communes, result delivery by post, pickup of paper dossiers, tracking webhook.' },
  { name: 'messages', description: 'Messages between the applicant and the handling agency about a dossier.' },
  { name: 'ratings', description: 'Rating of how a dossier was handled (Decree 61/2018): criteria and ratings.' },
  { name: 'feedback', description: 'Feedback and complaints (phản ánh, kiến nghị): submission with a verified contact, officers\' handling, published answers, ratings, reports.' },
  { name: 'incoming', description: 'Incoming official documents (văn bản đến, Decree 30/2020): the incoming register per year, routing to a leader, assignment with deadlines, opinions and history, closing or answering, search (full text of PDFs), reports.' },
  { name: 'outgoing', description: 'Outgoing official documents (văn bản đi, Decree 30/2020): drafting, approval chains, signing with the signer\'s and the agency\'s signatures, the outgoing register, sending, reports.' },
  { name: 'notifications', description: 'In-app notifications of the signed-in account.' },
  { name: 'reports', description: 'Report form 06 on handling results and the key indicators.' },
  { name: 'scorecards', description: 'Decision 766 scorecard of agencies: monthly scores, ranking, history, configuration.' },
  { name: 'calendar', description: 'Holidays, working hours of agencies and due-date computation in working days.' },
  { name: 'agencies', description: 'The agency tree and departments (administration).' },
  { name: 'staff', description: 'Officer accounts and their roles (administration).' },
  { name: 'audit', description: 'The audit log (administration, inspection), scoped to agencies.' },
  { name: 'imports', description: 'Bulk imports of dossiers: progress and outcome (administration).' },
  { name: 'national-portal', description: 'Interconnection with the National Public Service Portal: dossiers delivered to OpenDVC.' },
  { name: 'webhooks', description: 'Webhook subscriptions of other systems to dossier events (administration): signed deliveries, their log, send again, secret rotation.' },
  { name: 'surveys', description: 'The SIPAS satisfaction survey: questionnaires, yearly rounds with a stratified sample of resolved dossiers, invitations, answers by link or paper, the index.' },
  { name: 'par-index', description: 'PAR Index (Chỉ số cải cách hành chính): criteria trees per year, self-assessment with evidence, appraisal, survey points, ranking, history, export.' },
  { name: 'procedure-review', description: 'Procedure review (rà soát TTHC) with the compliance-cost method of Circular 02/2017/TT-VPCP: yearly reviews of an agency, cost sheets before and after a simplification proposal, saving and reduction rate, approval, a new catalog version drafted from an approved proposal, the real figures of a procedure.' },
  { name: 'par-plan', description: 'The yearly PAR plan (kế hoạch CCHC): tasks by PAR field with owner departments and deadlines, progress reports with evidence, completion by field and department.' },
  { name: 'appointments', description: 'Appointments at the one-stop centre: free slots of a counter group, booking (signed in, a phone verified by SMS, or by an officer on the phone), confirmation, cancellation, check-in at the kiosk (a queue ticket), day lists, settings, report.' },
  { name: 'meetings', description: 'The work calendar (lịch công tác) of agencies and leaders, weekly, drafted and published, and meetings with electronic invitations: invitees, sending with a personal link, answers (attend, decline, delegate), the public calendar.' },
  { name: 'floor', description: 'The one-stop floor: counter groups and counters, queue tickets from the kiosk, the counter\'s console (call next, recall, skip, transfer, serve), the rating tablet facing the visitor.' },
  { name: 'ops', description: 'Operations: liveness, readiness, Prometheus metrics.' },
];
