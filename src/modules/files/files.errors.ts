// Refusals of the content inspection (files.inspect.ts), shared by every route that accepts a file. {name} is the
// file's name, {expected} the types the route accepts ("PDF, JPEG, PNG, DOCX, XLSX").
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  FILE_CHECK_BUSY: {
    status: 503,
    vi: 'Hệ thống đang kiểm tra nhiều tệp cùng lúc nên chưa nhận được tệp "{name}". Vui lòng gửi lại sau ít phút.',
    en: 'The portal is checking many files at the moment, so "{name}" was not accepted. Please send it again in a few minutes.',
  },
  FILE_CHECK_FAILED: {
    status: 422,
    vi: 'Không kiểm tra được nội dung tệp "{name}" trong thời gian cho phép nên tệp chưa được nhận. Hãy gửi lại, hoặc gửi tệp {expected} khác.',
    en: 'The content of "{name}" could not be checked in the time allowed, so the file was not accepted. Try again, or send another {expected} file.',
  },
  FILE_UNREADABLE: {
    status: 422,
    vi: 'Tệp "{name}" bị hỏng, bị cắt cụt hoặc có cấu trúc không hợp lệ. Hãy gửi tệp {expected} được lưu lại nguyên vẹn từ phần mềm soạn thảo hoặc máy quét.',
    en: 'The file "{name}" is damaged, truncated or not well formed. Send a complete {expected} file saved by an editor or a scanner.',
  },
  FILE_ARCHIVE_UNSUPPORTED: {
    status: 422,
    vi: 'Tệp "{name}" dùng định dạng nén Zip64, không được hỗ trợ. Hãy lưu lại thành tệp {expected} thông thường (dưới 4 GB).',
    en: 'The file "{name}" uses Zip64 compression, which is not supported. Save it again as an ordinary {expected} file (under 4 GB).',
  },
  FILE_ENCRYPTED: {
    status: 422,
    vi: 'Tệp "{name}" được đặt mật khẩu hoặc mã hóa. Hãy gỡ mật khẩu rồi gửi lại tệp {expected}.',
    en: 'The file "{name}" is password-protected or encrypted. Remove the password and send the {expected} file again.',
  },
  FILE_NESTED_ARCHIVE: {
    status: 422,
    vi: 'Tệp "{name}" chứa một tệp nén khác bên trong. Hãy gửi tệp {expected} không nhúng tệp nén.',
    en: 'The file "{name}" contains another archive. Send a {expected} file without embedded archives.',
  },
  FILE_TOO_COMPLEX: {
    status: 422,
    vi: 'Tệp "{name}" khi giải nén quá lớn hoặc có quá nhiều thành phần (tối đa {maxMb} MB sau giải nén). Hãy gửi tệp {expected} nhỏ hơn.',
    en: 'The file "{name}" is too large once decompressed or has too many parts (at most {maxMb} MB decompressed). Send a smaller {expected} file.',
  },
  FILE_POLYGLOT: {
    status: 422,
    vi: 'Tệp "{name}" chứa nội dung của một loại tệp khác (mã HTML/kịch bản hoặc tệp nén ghép vào). Chỉ nhận tệp {expected} thuần.',
    en: 'The file "{name}" carries content of another type (HTML/script markup or an appended archive). Only plain {expected} files are accepted.',
  },
  FILE_MACROS: {
    status: 422,
    vi: 'Tệp "{name}" có macro. Hãy lưu lại thành tệp {expected} không có macro.',
    en: 'The file "{name}" contains macros. Save it again as a {expected} file without macros.',
  },
  FILE_EXTENSION_MISMATCH: {
    status: 422,
    vi: 'Tên tệp "{name}" không khớp với nội dung: đây là tệp {type}. Hãy đổi phần đuôi tên tệp thành .{ext} hoặc chọn đúng tệp.',
    en: 'The name "{name}" does not match the content: this is a {type} file. Rename it to end in .{ext} or choose the right file.',
  },
});
