// Turns any error into application/problem+json (RFC 9457) with a stable code and localised text.
import type { FastifyError } from 'fastify';
import { defineErrors, DomainError, errorDefinition, errorMessage, type FieldError } from '../core/errors.ts';
import { hasMessage, registerMessages, translate, type Locale } from '../core/i18n.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';

defineErrors({
  MALFORMED_URL: {
    status: 400,
    vi: 'Địa chỉ không hợp lệ: các ký tự mã hoá phần trăm (%XX) phải tạo thành UTF-8 hợp lệ.',
    en: 'The address is malformed: percent-encoded characters (%XX) must form valid UTF-8.',
  },
  PARAMETER_TOO_LONG: {
    status: 414,
    vi: 'Một phần của địa chỉ quá dài (tối đa {max} ký tự).',
    en: 'A part of the address is too long (at most {max} characters).',
  },
  REQUEST_TIMEOUT: { status: 408, vi: 'Yêu cầu gửi lên quá chậm.', en: 'The request took too long to arrive.' },
  HEADERS_TOO_LARGE: { status: 431, vi: 'Phần đầu (header) của yêu cầu quá lớn.', en: 'The request headers are too large.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    vi: 'Địa chỉ này không nhận phương thức {method}; các phương thức được phép: {allow}.',
    en: 'This address does not accept {method}; allowed methods: {allow}.',
  },
});

// The detail of a framework error names what is expected (the title stays the code's message).
registerMessages({
  vi: {
    'problem.FST_ERR_CTP_INVALID_MEDIA_TYPE': 'Hãy gửi application/json (API), application/x-www-form-urlencoded hoặc multipart/form-data (biểu mẫu) theo đúng địa chỉ.',
    'problem.FST_ERR_CTP_EMPTY_TYPE': 'Thiếu Content-Type: hãy gửi application/json (API) hoặc application/x-www-form-urlencoded (biểu mẫu).',
    'problem.FST_INVALID_MULTIPART_CONTENT_TYPE': 'Địa chỉ này nhận tệp dạng multipart/form-data.',
    'problem.FST_ERR_CTP_BODY_TOO_LARGE': 'Nội dung gửi lên vượt quá giới hạn của địa chỉ này (1 MB với JSON và biểu mẫu).',
    'problem.FST_ERR_CTP_INVALID_CONTENT_LENGTH': 'Content-Length phải bằng đúng độ dài nội dung gửi lên.',
    'problem.FST_PARTS_LIMIT': 'Biểu mẫu có quá nhiều phần (tệp và trường).',
    'problem.FST_FILES_LIMIT': 'Biểu mẫu có quá nhiều tệp.',
    'problem.FST_FIELDS_LIMIT': 'Biểu mẫu có quá nhiều trường.',
    'problem.FST_PROTO_VIOLATION': 'Nội dung multipart/form-data không đúng định dạng.',
    'problem.FST_ERR_BAD_URL': 'Hãy mã hoá địa chỉ theo UTF-8 (ví dụ %C4%91 cho “đ”).',
  },
  en: {
    'problem.FST_ERR_CTP_INVALID_MEDIA_TYPE': 'Send application/json (API), application/x-www-form-urlencoded or multipart/form-data (forms), as the address expects.',
    'problem.FST_ERR_CTP_EMPTY_TYPE': 'The Content-Type is missing: send application/json (API) or application/x-www-form-urlencoded (forms).',
    'problem.FST_INVALID_MULTIPART_CONTENT_TYPE': 'This address expects files as multipart/form-data.',
    'problem.FST_ERR_CTP_BODY_TOO_LARGE': 'The body exceeds the limit of this address (1 MB for JSON and forms).',
    'problem.FST_ERR_CTP_INVALID_CONTENT_LENGTH': 'The Content-Length must equal the length of the body.',
    'problem.FST_PARTS_LIMIT': 'The form has too many parts (files and fields).',
    'problem.FST_FILES_LIMIT': 'The form has too many files.',
    'problem.FST_FIELDS_LIMIT': 'The form has too many fields.',
    'problem.FST_PROTO_VIOLATION': 'The multipart/form-data body is malformed.',
    'problem.FST_ERR_BAD_URL': 'Percent-encode the address as UTF-8 (e.g. %C4%91 for “đ”).',
  },
});

/** Stable codes of the framework's (Fastify, @fastify/multipart) request errors. */
const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_BAD_URL: 'MALFORMED_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'PARAMETER_TOO_LONG',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'PAYLOAD_TOO_LARGE',
};

/** Ajv keywords of our own whose field error has another code. */
const KEYWORD_CODES: Record<string, string> = { 'x-visible': 'blank', 'x-finite': 'finite' };

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors: Array<Required<Pick<FieldError, 'path' | 'code' | 'message'>>>;
  [extra: string]: unknown;
}

/** The router's limit on one path parameter (app.ts `routerOptions.maxParamLength`). */
export const MAX_PARAM_LENGTH = 200;

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  /** With Ajv's `verbose` option (the e-forms'): the schema of the failing keyword. */
  parentSchema?: { description?: unknown } | boolean;
}

/** Maps Ajv validation errors to field errors with paths like "/email". */
export function fieldErrorsFromAjv(errors: AjvError[], context?: string): FieldError[] {
  return errors.map((error) => {
    let pointer = error.instancePath;
    if (error.keyword === 'required') pointer += `/${String(error.params.missingProperty)}`;
    if (error.keyword === 'additionalProperties') pointer += `/${String(error.params.additionalProperty)}`;
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(error.params)) {
      if (typeof value === 'string' || typeof value === 'number') params[key] = value;
      if (Array.isArray(value)) params[key] = value.join(', ');
    }
    // A pattern says what it expects in the field's description (e-forms: "12 chữ số"): the message repeats it.
    const description = typeof error.parentSchema === 'object' ? error.parentSchema.description : undefined;
    if (error.keyword === 'pattern' && typeof description === 'string' && description.trim()) params.hint = description.trim();
    return { path: pointer || '/', code: KEYWORD_CODES[error.keyword] ?? error.keyword, params, ...(context ? { location: context } : {}) };
  });
}

export function localiseFieldErrors(errors: FieldError[], locale: Locale): Problem['errors'] {
  return errors.map((error) => ({
    path: error.path,
    code: error.code,
    message:
      error.message ??
      (errorDefinition(error.code)
        ? errorMessage(error.code, locale, error.params)
        : translate(locale, error.code === 'pattern' && error.params?.hint ? 'validation.patternHint' : `validation.${error.code}`, error.params ?? {}) ),
  }));
}

export function toProblem(error: unknown, locale: Locale, requestId: string): Problem {
  let code = 'INTERNAL';
  let params: Record<string, string | number> | undefined = { requestId };
  let fieldErrors: FieldError[] = [];
  let detail: string | undefined;
  const frameworkCode = (error as { code?: unknown } | null)?.code;
  if (typeof frameworkCode === 'string' && hasMessage(locale, `problem.${frameworkCode}`)) detail = translate(locale, `problem.${frameworkCode}`);
  if (error instanceof DomainError) {
    code = error.code;
    params = error.params;
    fieldErrors = error.fieldErrors;
  } else {
    const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
    if (fe.validation) {
      code = 'VALIDATION_FAILED';
      params = undefined;
      fieldErrors = fieldErrorsFromAjv(fe.validation, fe.validationContext);
    } else if (FRAMEWORK_CODES[fe.code] && (fe.statusCode ?? 400) < 500) {
      code = FRAMEWORK_CODES[fe.code]!;
      params = code === 'PARAMETER_TOO_LONG' ? { max: MAX_PARAM_LENGTH } : undefined;
    } else if (fe.statusCode === 413) {
      code = 'PAYLOAD_TOO_LARGE';
      params = undefined;
    } else if (fe.statusCode === 415) {
      code = 'UNSUPPORTED_MEDIA_TYPE';
      params = undefined;
    } else if (fe.statusCode === 429) {
      code = 'RATE_LIMITED';
      params = undefined;
    } else if (fe.statusCode === 404 || fe.code === 'FST_ERR_NOT_FOUND') {
      code = 'NOT_FOUND';
      params = undefined;
    } else if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      code = 'MALFORMED_REQUEST';
      params = undefined;
    } else if (isDatabaseUnavailable(error)) {
      // PostgreSQL stopped, restarting or unreachable: 503 with Retry-After (app.ts), not a 500.
      code = 'DATABASE_UNAVAILABLE';
      params = undefined;
    }
  }
  // The same expectation when a route refuses the media type itself.
  if (code === 'UNSUPPORTED_MEDIA_TYPE' && detail === undefined) detail = translate(locale, 'problem.FST_ERR_CTP_INVALID_MEDIA_TYPE');
  const def = errorDefinition(code) ?? errorDefinition('INTERNAL')!;
  const title = errorMessage(code, locale, params);
  return {
    type: `urn:opendvc:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status: def.status,
    detail: detail ?? title,
    code,
    errors: localiseFieldErrors(fieldErrors, locale),
  };
}

/**
 * The raw HTTP answer to a request Node's parser refused before Fastify saw it (`clientErrorHandler`): no
 * headers were read, so the text is Vietnamese, the default locale.
 */
export function clientErrorResponse(errorCode: string | undefined): string {
  const code = errorCode === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : errorCode === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST';
  const problem = toProblem(new DomainError(code), 'vi', '');
  const body = Buffer.from(JSON.stringify(problem));
  const reasons: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
  const reason = reasons[problem.status] ?? 'Bad Request';
  return (
    `HTTP/1.1 ${problem.status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Language: vi\r\n` +
    `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString('utf8')}`
  );
}
