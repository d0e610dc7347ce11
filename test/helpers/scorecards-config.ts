// The seeded configuration of migration 0016, for the scorecard tests.
import type { IndicatorConfig, ScorecardConfig } from '../../src/modules/scorecards/scorecards.rules.ts';

export const ind = (over: Partial<IndicatorConfig> = {}): IndicatorConfig => ({
  code: 'x',
  groupCode: 'g',
  position: 1,
  name: 'X',
  nameEn: 'X',
  numerator: 'received_online',
  denominator: 'received',
  complement: false,
  target: 0.5,
  maxPoints: 6,
  ...over,
});

/** The seeded configuration of migration 0016. */
export const SEEDED: ScorecardConfig = {
  groups: [
    { code: 'publicity', name: 'Công khai', nameEn: 'Publicity', position: 1, maxPoints: 18 },
    { code: 'progress', name: 'Tiến độ', nameEn: 'Progress', position: 2, maxPoints: 20 },
    { code: 'online', name: 'Trực tuyến', nameEn: 'Online', position: 3, maxPoints: 12 },
    { code: 'payment', name: 'Thanh toán', nameEn: 'Payment', position: 4, maxPoints: 10 },
    { code: 'digitisation', name: 'Số hóa', nameEn: 'Digitisation', position: 5, maxPoints: 22 },
    { code: 'satisfaction', name: 'Hài lòng', nameEn: 'Satisfaction', position: 6, maxPoints: 18 },
  ],
  indicators: [
    ind({ code: 'publicity_catalog', groupCode: 'publicity', numerator: 'publicity_published', denominator: 'publicity_required', target: 1, maxPoints: 9 }),
    ind({ code: 'publicity_progress', groupCode: 'publicity', position: 2, numerator: 'publicity_synced', denominator: 'publicity_required', target: 1, maxPoints: 9 }),
    ind({ code: 'progress_on_time', groupCode: 'progress', numerator: 'handled_in_time', denominator: 'handled', target: 1, maxPoints: 20 }),
    ind({ code: 'online_provision', groupCode: 'online', numerator: 'procedures_online', denominator: 'procedures_in_scope', target: 0.8, maxPoints: 6 }),
    ind({ code: 'online_dossiers', groupCode: 'online', position: 2, numerator: 'received_online', denominator: 'received', target: 0.5, maxPoints: 6 }),
    ind({ code: 'online_payment', groupCode: 'payment', numerator: 'fee_paid_online', denominator: 'fee_dossiers', target: 1, maxPoints: 10 }),
    ind({ code: 'digitisation', groupCode: 'digitisation', numerator: 'resolved_digitised_e_result', denominator: 'resolved', target: 0.8, maxPoints: 22 }),
    ind({ code: 'satisfaction_overdue', groupCode: 'satisfaction', numerator: 'handled_overdue', denominator: 'handled', complement: true, target: 1, maxPoints: 9 }),
    ind({ code: 'satisfaction_complaints', groupCode: 'satisfaction', position: 2, numerator: 'complaints', denominator: 'handled', complement: true, target: 1, maxPoints: 9 }),
  ],
};

