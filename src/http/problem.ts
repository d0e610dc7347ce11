// Turns any error into application/problem+json (RFC 9457) with a stable code and localised text.
import type { FastifyError } from 'fastify';
import { DomainError, errorDefinition, errorMessage, type FieldError } from '../core/errors.ts';
import { translate, type Locale } from '../core/i18n.ts';

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

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
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
    return { path: pointer || '/', code: error.keyword, params, ...(context ? { location: context } : {}) };
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
        : translate(locale, `validation.${error.code}`, error.params ?? {}) ),
  }));
}

export function toProblem(error: unknown, locale: Locale, requestId: string): Problem {
  let code = 'INTERNAL';
  let params: Record<string, string | number> | undefined = { requestId };
  let fieldErrors: FieldError[] = [];
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
    } else if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
      code = 'PAYLOAD_TOO_LARGE';
      params = undefined;
    } else if (fe.statusCode === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
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
    }
  }
  const def = errorDefinition(code) ?? errorDefinition('INTERNAL')!;
  const title = errorMessage(code, locale, params);
  return {
    type: `urn:opendvc:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status: def.status,
    detail: title,
    code,
    errors: localiseFieldErrors(fieldErrors, locale),
  };
}
