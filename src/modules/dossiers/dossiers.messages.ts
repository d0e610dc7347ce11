// Screen texts of online submission, shared by the pages (dossiers.pages.ts) and the API.
import type { Catalog } from '../../core/i18n.ts';
import { NATIONAL_STATUSES } from './dossiers.rules.ts';

const statusVi: Record<string, string> = {};
const statusEn: Record<string, string> = {};
for (const [code, label] of Object.entries(NATIONAL_STATUSES)) {
  statusVi[`dossiers.status.${code}`] = label.vi;
  statusEn[`dossiers.status.${code}`] = label.en;
}

export const dossiersMessages: Catalog = {
  vi: {
    ...statusVi,
    'dossiers.status.draft': 'Bản nháp',
    'dossiers.channel.1': 'Trực tiếp',
    'dossiers.channel.2': 'Trực tuyến',
    'dossiers.channel.3': 'Dịch vụ bưu chính công ích',
    'dossiers.channel.4': 'Cổng Dịch vụ công quốc gia',
    'dossiers.event.submit': 'Nộp hồ sơ trực tuyến',
  },
  en: {
    ...statusEn,
    'dossiers.status.draft': 'Draft',
    'dossiers.channel.1': 'In person',
    'dossiers.channel.2': 'Online',
    'dossiers.channel.3': 'Public postal service',
    'dossiers.channel.4': 'National Public Service Portal',
    'dossiers.event.submit': 'Submitted online',
  },
};
