// Multipart request bodies in the OpenAPI document. A multipart route has no `body` schema (Fastify would validate
// the parsed body against it: the upload routes read their parts as streams), so each upload route describes its
// parts in its route `config.multipart` with `multipartBody({...})` — names in the order the server reads them,
// types, which are required, the file's media types and size limit taken from the values the server enforces — and
// `withMultipartBodies` (wrapped around src/http/openapi.ts's document options) writes it into the operation:
// `requestBody.content['multipart/form-data']` with its schema and `encoding` (the file part's content types).
// Documentation only: `config` is not validated, so the request is handled exactly as before.
// test/http/openapi-multipart.test.ts finds every /api route parsing multipart and checks it is documented.
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';

/** A text field of a multipart body. */
export interface MultipartField {
  kind: 'field';
  name: string;
  description: string;
  required: boolean;
  /** JSON Schema of the value (a string: every field of a multipart body is text). */
  schema?: Record<string, unknown>;
}

/** The file part of a multipart body. */
export interface MultipartFile {
  kind: 'file';
  name: string;
  description: string;
  required: boolean;
  /** The media types the server accepts (by content: the declared type does not decide). */
  mediaTypes: readonly string[];
  /** Largest file the server accepts, in bytes (the value it enforces, not a copy). */
  maxBytes: number;
}

export interface MultipartBody {
  /** In the order the server reads them (fields before the file). */
  parts: ReadonlyArray<MultipartField | MultipartFile>;
  description?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The multipart body of an upload route, for the OpenAPI document (src/http/openapi-multipart.ts). */
    multipart?: MultipartBody;
  }
}

const MEBIBYTE = 1024 * 1024;
const size = (bytes: number) => (bytes % MEBIBYTE === 0 ? `${bytes / MEBIBYTE} MiB` : `${Math.round((bytes / MEBIBYTE) * 10) / 10} MiB`);

/** A multipart body: its parts in the order the server needs them. */
export function multipartBody(body: MultipartBody): MultipartBody {
  const names = body.parts.map((p) => p.name);
  if (new Set(names).size !== names.length) throw new Error(`multipart parts named twice: ${names.join(', ')}`);
  return body;
}

/** The JSON Schema of the body (properties in part order) and the `encoding` of its file parts. */
export function multipartContent(body: MultipartBody): { schema: Record<string, unknown>; encoding: Record<string, { contentType: string }> } {
  const properties: Record<string, unknown> = {};
  const encoding: Record<string, { contentType: string }> = {};
  for (const part of body.parts) {
    if (part.kind === 'field') {
      properties[part.name] = { type: 'string', ...(part.schema ?? {}), description: part.description };
    } else {
      properties[part.name] = {
        type: 'string',
        format: 'binary',
        contentMediaType: part.mediaTypes.length === 1 ? part.mediaTypes[0] : 'application/octet-stream',
        description: `${part.description} Accepted: ${part.mediaTypes.join(', ')} (by content). At most ${size(part.maxBytes)} (${part.maxBytes} bytes): a larger file answers 413.`,
        'x-media-types': [...part.mediaTypes],
        'x-max-bytes': part.maxBytes,
      };
      encoding[part.name] = { contentType: part.mediaTypes.join(', ') };
    }
  }
  const order = body.parts.map((p) => `"${p.name}"`).join(', then ');
  return {
    schema: {
      type: 'object',
      description: `${body.description ? `${body.description} ` : ''}Parts in this order: ${order}.`,
      required: body.parts.filter((p) => p.required).map((p) => p.name),
      properties,
      'x-part-order': body.parts.map((p) => p.name),
    },
    encoding,
  };
}

const CONTENT_TYPE = 'multipart/form-data';
const ENCODING_KEY = 'x-multipart-encoding';

/**
 * The document options with multipart bodies: `transform` gives each documented route with `config.multipart`
 * its body (as @fastify/swagger turns a `body` into `requestBody`), `transformObject` moves the parts' `encoding`
 * beside the schema, where OpenAPI has it.
 */
export function withMultipartBodies(options: { transform: SwaggerTransform; transformObject: SwaggerTransformObject }): { transform: SwaggerTransform; transformObject: SwaggerTransformObject } {
  const transform: SwaggerTransform = (input) => {
    const output = options.transform(input);
    const body = input.route.config?.multipart;
    const schema = (output.schema ?? {}) as Record<string, unknown>;
    if (!body || schema.hide || !input.url.startsWith('/api/')) return output;
    const content = multipartContent(body);
    return { ...output, schema: { ...schema, consumes: [CONTENT_TYPE], body: { ...content.schema, [ENCODING_KEY]: content.encoding } } as typeof output.schema };
  };
  const transformObject: SwaggerTransformObject = (documentObject) => {
    const document = options.transformObject(documentObject) as { paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Record<string, unknown>; encoding?: unknown }> } }>> };
    for (const item of Object.values(document.paths ?? {})) {
      for (const operation of Object.values(item)) {
        const media = operation?.requestBody?.content?.[CONTENT_TYPE];
        if (!media?.schema || !(ENCODING_KEY in media.schema)) continue;
        const { [ENCODING_KEY]: encoding, ...schema } = media.schema;
        media.schema = schema;
        media.encoding = encoding;
      }
    }
    return document as ReturnType<SwaggerTransformObject>;
  };
  return { transform, transformObject };
}
