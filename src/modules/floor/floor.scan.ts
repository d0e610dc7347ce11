// Scan to open and the pickup counter (issue 20). A scan (USB scanner typing into a field, or a phone camera) gives
// a dossier code → the dossier, for an officer whose agency subtree holds it, whatever its status (a finished one
// too); at the pickup counter, a dossier whose result is ready (9) is returned (10) once the recipient's identity is
// checked. Everything goes through the back office (HandlingService, wired in the container as `ScanPorts`): the
// look-up is its queue search (scope and authorisation), the return its `return_result` action — never a status
// written here.
import { DomainError } from '../../core/errors.ts';
import type { Actor } from '../../core/actor.ts';
import { checkIdentity, dossierCodeOfScan, maskIdNumber } from './floor.scan.rules.ts';
import './floor.scan.errors.ts';

/** What the scan needs of a dossier (HandlingService.detail's view, narrowed). */
export interface ScannedDossier {
  id: string;
  code: string;
  status: number;
  statusLabel: string;
  version: number;
  procedure: { code: string; name: string };
  agency: { code: string; name: string };
  applicant: { name: string | null; idNumber: string | null };
  appointmentAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  allowedActions: string[];
}

/** The back office's calls the scan uses (src/container.ts wires them to HandlingService). */
export interface ScanPorts {
  /** The dossier with exactly this code in the officer's scope, any status; null when none (or not theirs). */
  findByCode(actor: Actor, code: string): Promise<{ id: string } | null>;
  /** The officer's view of the dossier (NOT_FOUND outside the officer's scope). */
  dossier(actor: Actor, id: string): Promise<ScannedDossier>;
  /** The back office's return_result action, method `counter`. */
  returnAtCounter(actor: Actor, id: string, input: { note: string; expectedVersion?: number | undefined }): Promise<void>;
}

export interface PickupInput {
  idNumber: string;
  identityChecked: boolean;
  expectedVersion?: number | undefined;
}

export class FloorScanService {
  constructor(private readonly ports: ScanPorts) {}

  /**
   * The dossier a scan names. Unreadable → 422 FLOOR_SCAN_UNREADABLE; no dossier with that code in the officer's
   * scope → 404 NOT_FOUND, the same answer whether the code exists elsewhere or not (no leak across agencies).
   */
  async open(actor: Actor | null, scanned: string): Promise<ScannedDossier> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    const code = dossierCodeOfScan(scanned);
    if (!code) throw new DomainError('FLOOR_SCAN_UNREADABLE', undefined, [{ path: '/code', code: 'FLOOR_SCAN_UNREADABLE' }]);
    const found = await this.ports.findByCode(actor, code);
    if (!found) throw new DomainError('NOT_FOUND');
    return this.ports.dossier(actor, found.id);
  }

  /** The officer's view of one dossier (the pickup page). */
  async dossier(actor: Actor | null, id: string): Promise<ScannedDossier> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    return this.ports.dossier(actor, id);
  }

  /**
   * Hands the result over at the counter: the dossier at 9 (result ready), the recipient's identity checked
   * (`checkIdentity`), then the back office's return_result with method `counter` and a note that says how the
   * identity was checked (the number masked: the history is read by the applicant and other officers).
   */
  async pickup(actor: Actor | null, id: string, input: PickupInput): Promise<ScannedDossier> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const dossier = await this.ports.dossier(actor, id);
    if (dossier.status !== 9) throw new DomainError('FLOOR_PICKUP_NOT_READY');
    const check = checkIdentity({ idNumber: input.idNumber, checked: input.identityChecked }, dossier.applicant.idNumber);
    if (!check.ok) throw new DomainError(check.code === 'required' ? 'VALIDATION_FAILED' : check.code, undefined, [{ path: check.path, code: check.code }]);
    const note =
      check.how === 'compared'
        ? `Trả kết quả tại quầy: đã đối chiếu giấy tờ tùy thân của người nhận (số ${maskIdNumber(check.idNumber)}).`
        : `Trả kết quả tại quầy: đã kiểm tra giấy tờ tùy thân của người nhận, số ${maskIdNumber(check.idNumber)}.`;
    await this.ports.returnAtCounter(actor, id, { note, expectedVersion: input.expectedVersion ?? dossier.version });
    return this.ports.dossier(actor, id);
  }
}
