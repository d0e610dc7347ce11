// What the PAR Index reads from the rest of the product, through narrow ports wired in src/container.ts: the
// measured rates that propose points for a leaf (each with its source). Null: no figure (no data, no access, or
// the source module is not there).
import type { Actor } from '../../core/actor.ts';
import type { Measured } from './parindex.rules.ts';

export interface ParAgencyRef {
  id: string;
  code: string;
  name: string;
}

export interface ParDataPorts {
  /** Share of the agency's published procedures offered online (full or partial; the catalog, as the 766 scorecard counts it). */
  onlineServices(agency: ParAgencyRef, year: number, now: Date): Promise<Measured | null>;
  /** On-time rate of the dossiers resolved in the year (the reports service, as the actor may read it). */
  onTimeRate(actor: Actor, agency: ParAgencyRef, year: number, now: Date): Promise<Measured | null>;
  /** The Decision 766 index of the agency over the year (the scorecards service). */
  score766(agency: ParAgencyRef, year: number, now: Date): Promise<Measured | null>;
  /** The SIPAS satisfaction index of the year (the surveys service, when there is one). */
  sipas(agency: ParAgencyRef, year: number): Promise<Measured | null>;
}

/** No data anywhere (tests, or a product without the source modules). */
export const NO_DATA: ParDataPorts = {
  onlineServices: async () => null,
  onTimeRate: async () => null,
  score766: async () => null,
  sipas: async () => null,
};

/** The evidence files an agency's PAR plan of the year gathered, by field code (the plan module, when there is one). */
export interface PlanEvidencePort {
  evidenceFor(agencyId: string, year: number): Promise<Array<{ field_code: string; task_title: string; file_name: string; url: string }>>;
}

export const NO_PLAN_EVIDENCE: PlanEvidencePort = { evidenceFor: async () => [] };
