// The demo catalog of OpenDVC: Bộ Văn hóa, Thể thao và Du lịch (central level) and Sở Văn hóa, Thể thao và
// Du lịch tỉnh Trà Vinh (province level, plus a few commune-level procedures), in the interchange format.
import type { CatalogExchange } from '../../modules/catalog/catalog.exchange.ts';
import { withDemoEforms } from './eforms/index.ts';
import { fields } from './fields.ts';
import { travinh } from './travinh.ts';
import { vhttdl } from './vhttdl.ts';

export { fields } from './fields.ts';
export { travinh } from './travinh.ts';
export { vhttdl } from './vhttdl.ts';

export const DEMO_CATALOG: CatalogExchange = {
  format: 'opendvc-catalog',
  version: 1,
  fields,
  procedures: withDemoEforms([...vhttdl, ...travinh]),
};
