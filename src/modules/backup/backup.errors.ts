import { defineErrors } from '../../core/errors.ts';

defineErrors({
  BACKUP_FOLDER_NOT_EMPTY: {
    status: 409,
    vi: 'Thư mục {dir} đã có nội dung. Hãy chọn một thư mục mới hoặc trống cho bản sao lưu.',
    en: 'The folder {dir} is not empty. Choose a new or empty folder for the backup.',
  },
  BACKUP_MANIFEST_INVALID: {
    status: 422,
    vi: 'Thư mục sao lưu không hợp lệ (manifest.json): {reason}. Không có gì được khôi phục.',
    en: 'The backup folder is not valid (manifest.json): {reason}. Nothing was restored.',
  },
  BACKUP_FILE_DAMAGED: {
    status: 422,
    vi: 'Tệp {file} của bản sao lưu bị hỏng hoặc bị sửa (mã băm SHA-256 không khớp). Không có gì được khôi phục.',
    en: 'The backup file {file} is damaged or was changed (its SHA-256 does not match). Nothing was restored.',
  },
  BACKUP_ROWS_MISMATCH: {
    status: 422,
    vi: 'Bảng {table}: bản sao lưu ghi {expected} dòng nhưng đọc được {actual} dòng. Không có gì được khôi phục.',
    en: 'Table {table}: the backup lists {expected} rows but {actual} were read. Nothing was restored.',
  },
  BACKUP_TARGET_NOT_EMPTY: {
    status: 409,
    vi: 'Cơ sở dữ liệu đích đã có dữ liệu ({accounts} tài khoản). Chỉ khôi phục vào một cài đặt mới (cơ sở dữ liệu trống).',
    en: 'The target database already holds data ({accounts} accounts). Restore only into a new installation (an empty database).',
  },
  BACKUP_VERSION_MISMATCH: {
    status: 409,
    vi: 'Bản sao lưu được tạo bởi phiên bản OpenDVC khác. Migration chỉ có trong bản sao lưu: {newer}; chỉ có ở phiên bản này: {older}. Hãy khôi phục bằng đúng phiên bản đã tạo bản sao lưu rồi nâng cấp.',
    en: 'The backup was made by another version of OpenDVC. Migrations only in the backup: {newer}; only in this version: {older}. Restore with the version that made the backup, then upgrade.',
  },
  BACKUP_TABLES_MISMATCH: {
    status: 409,
    vi: 'Các bảng của bản sao lưu khác các bảng của cơ sở dữ liệu: {tables}. Không có gì được khôi phục.',
    en: 'The tables of the backup differ from those of the database: {tables}. Nothing was restored.',
  },
  BACKUP_FILE_CONTENT_DAMAGED: {
    status: 422,
    vi: 'Nội dung tệp {key} trong bản sao lưu không khớp mã băm SHA-256 đã lưu. Không có gì được khôi phục.',
    en: 'The content of file {key} in the backup does not match its recorded SHA-256. Nothing was restored.',
  },
});
