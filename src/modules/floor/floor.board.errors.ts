// Errors of the live board (issue 20).
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  FLOOR_BOARD_BUSY: {
    status: 503,
    vi: 'Bảng thông tin đang có quá nhiều màn hình kết nối. Màn hình sẽ tự kết nối lại sau ít phút.',
    en: 'Too many screens are connected to the board. The screen will reconnect in a few minutes.',
  },
});
