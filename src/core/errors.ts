// Domain errors and the single registry that maps their stable codes to HTTP status and messages.
// Domain code throws `new DomainError('CODE')`; the HTTP layer turns it into application/problem+json.
import { fillPlaceholders, type Locale, type Params } from './i18n.ts';

export interface FieldError {
  /** JSON-pointer-like path of the field, e.g. "/email" or "/documents/0/name". */
  path: string;
  /** Stable code of the field problem, e.g. "required", "pattern", "EMAIL_TAKEN". */
  code: string;
  /** Localised message; filled by the HTTP layer when empty. */
  message?: string;
  params?: Params;
}

export interface ErrorDefinition {
  status: number;
  vi: string;
  en: string;
}

const registry = new Map<string, ErrorDefinition>();

export function defineErrors(defs: Record<string, ErrorDefinition>): void {
  for (const [code, def] of Object.entries(defs)) {
    if (registry.has(code)) throw new Error(`Error code defined twice: ${code}`);
    registry.set(code, def);
  }
}

export function errorDefinition(code: string): ErrorDefinition | undefined {
  return registry.get(code);
}

export function errorCodes(): string[] {
  return [...registry.keys()];
}

/** The message of a code in a locale, its placeholders filled from the params (`fillPlaceholders`, i18n.ts). */
export function errorMessage(code: string, locale: Locale, params?: Params): string {
  const def = registry.get(code);
  const text = def ? def[locale] : code;
  return params ? fillPlaceholders(locale, text, params) : text;
}

export class DomainError extends Error {
  constructor(
    public readonly code: string,
    public readonly params?: Params,
    public readonly fieldErrors: FieldError[] = [],
  ) {
    super(code);
    this.name = 'DomainError';
    if (!registry.has(code)) throw new Error(`Unregistered error code: ${code}`);
  }

  get status(): number {
    return registry.get(this.code)?.status ?? 500;
  }
}

defineErrors({
  VALIDATION_FAILED: { status: 422, vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The submitted data is not valid.' },
  MALFORMED_REQUEST: { status: 400, vi: 'Yêu cầu không đúng định dạng.', en: 'The request is malformed.' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy nội dung yêu cầu.', en: 'The requested resource was not found.' },
  UNAUTHENTICATED: { status: 401, vi: 'Bạn cần đăng nhập để tiếp tục.', en: 'You need to sign in to continue.' },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  CSRF_INVALID: {
    status: 403,
    vi: 'Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và thử lại.',
    en: 'The form session has expired. Please reload the page and try again.',
  },
  CONFLICT: { status: 409, vi: 'Dữ liệu đã bị thay đổi bởi người khác.', en: 'The data was changed by someone else.' },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Định dạng dữ liệu gửi lên không được hỗ trợ.',
    en: 'The content type is not supported.',
  },
  RATE_LIMITED: { status: 429, vi: 'Bạn thao tác quá nhiều lần. Vui lòng thử lại sau.', en: 'Too many requests. Please try again later.' },
  INTERNAL: {
    status: 500,
    vi: 'Hệ thống gặp sự cố. Vui lòng thử lại sau; mã yêu cầu: {requestId}.',
    en: 'Something went wrong. Please try again later; request id: {requestId}.',
  },
  SERVICE_UNAVAILABLE: { status: 503, vi: 'Hệ thống tạm thời chưa sẵn sàng.', en: 'The service is temporarily unavailable.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    vi: 'Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít giây; dữ liệu đã gửi trước đó không bị mất.',
    en: 'The system cannot reach its database for the moment. Please try again in a few seconds; nothing sent before is lost.',
  },
});
