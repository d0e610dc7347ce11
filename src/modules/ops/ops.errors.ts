import { defineErrors } from '../../core/errors.ts';

defineErrors({
  METRICS_TOKEN_REQUIRED: {
    status: 401,
    vi: 'Cần mã truy cập (Authorization: Bearer …) để xem số liệu giám sát.',
    en: 'A bearer token (Authorization: Bearer …) is required to read the metrics.',
  },
});
