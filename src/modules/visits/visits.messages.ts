import type { Catalog } from '../../core/i18n.ts';

export const visitsMessages: Catalog = {
  vi: { 'visits.count': '{count} lượt truy cập' },
  en: { 'visits.count': '{count} visits' },
};
