// Query and path of the public disclosure pages (TypeBox; the boundary checks them before the handler runs).
import { Type } from 'typebox';

const PageNumber = Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 }));

export const OverviewQuery = Type.Object({ page: PageNumber });

export const AgencyPageParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });

/** Two lists on one page, each with its own page number: dang (in progress), xong (resolved). */
export const AgencyPageQuery = Type.Object({
  dang: PageNumber,
  xong: PageNumber,
  /** After the redirect from a merged agency's code: the code asked for (the page shows the merger note). */
  'hop-nhat': Type.Optional(Type.String({ maxLength: 40 })),
});
