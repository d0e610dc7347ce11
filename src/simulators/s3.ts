// A local simulator of an S3-compatible object store (the external system OpenDVC talks to when S3_* is set),
// for tests and development. It speaks the subset of the S3 REST API that OpenDVC uses, path-style:
//   PUT    /{bucket}/{key}                      PutObject (body streamed to a file in the simulator's folder)
//   GET    /{bucket}/{key}                      GetObject
//   HEAD   /{bucket}/{key}                      HeadObject
//   DELETE /{bucket}/{key}                      DeleteObject (204 even when absent, like S3)
//   GET    /{bucket}?list-type=2&prefix=…       ListObjectsV2 (continuation-token, max-keys)
// Every request must carry an AWS Signature Version 4 Authorization header with the configured access key id
// (the signature itself is not recomputed), else 403 AccessDenied. Errors are S3's XML error documents.
// Start: `node --import tsx src/simulators/s3.ts [port]` (bucket "opendvc", keys "simulator"/"simulator-secret").
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export interface S3SimulatorOptions {
  port?: number;
  host?: string;
  buckets?: string[];
  accessKeyId?: string;
  /** Folder for the objects' content (a fresh temporary folder by default, removed on close). */
  dir?: string;
}

interface StoredObject {
  file: string;
  size: number;
  etag: string;
  contentType: string;
  lastModified: Date;
}

export interface S3Simulator {
  url: string;
  port: number;
  /** Every request received (method, path, query), for tests. */
  requests: Array<{ method: string; path: string; query: string; authorization: string | undefined }>;
  /** Keys in a bucket. */
  keys(bucket: string): string[];
  /** Sets an object's last-modified time (tests of age-based clean-up). */
  setLastModified(bucket: string, key: string, at: Date): void;
  close(): Promise<void>;
}

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function sendError(res: ServerResponse, status: number, code: string, message: string, resource: string, head = false): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Resource>${xmlEscape(resource)}</Resource><RequestId>${randomUUID()}</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': head ? '0' : String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

export async function startS3Simulator(options: S3SimulatorOptions = {}): Promise<S3Simulator> {
  const accessKeyId = options.accessKeyId ?? 'simulator';
  const ownDir = !options.dir;
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 's3-simulator-')));
  await mkdir(dir, { recursive: true });
  const buckets = new Map<string, Map<string, StoredObject>>((options.buckets ?? ['opendvc']).map((b) => [b, new Map()]));
  const requests: S3Simulator['requests'] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const head = req.method === 'HEAD';
    requests.push({ method: req.method ?? '', path: url.pathname, query: url.search, authorization: req.headers.authorization });
    const auth = req.headers.authorization ?? '';
    const match = SIGV4.exec(auth);
    if (!match || !req.headers['x-amz-date'] || !req.headers['x-amz-content-sha256']) {
      req.resume();
      return sendError(res, 403, 'AccessDenied', 'Missing or malformed AWS Signature Version 4 authorization', url.pathname, head);
    }
    if (match[1] !== accessKeyId) {
      req.resume();
      return sendError(res, 403, 'InvalidAccessKeyId', 'The AWS access key Id you provided does not exist in our records.', url.pathname, head);
    }
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    const key = rest.map((p) => decodeURIComponent(p)).join('/');
    const bucket = buckets.get(decodeURIComponent(bucketName));
    if (!bucket) {
      req.resume();
      return sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', url.pathname, head);
    }

    if (!key) {
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const max = Math.min(1000, Number(url.searchParams.get('max-keys') ?? 1000) || 1000);
        const after = url.searchParams.get('continuation-token') ?? url.searchParams.get('start-after') ?? '';
        const all = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
        const page = all.slice(0, max);
        const truncated = all.length > page.length;
        const contents = page
          .map((k) => {
            const o = bucket.get(k)!;
            return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join('');
        const next = truncated ? `<NextContinuationToken>${xmlEscape(page[page.length - 1]!)}</NextContinuationToken>` : '';
        const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`;
        res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
        return;
      }
      req.resume();
      return sendError(res, 501, 'NotImplemented', 'Only ListObjectsV2 is simulated on a bucket', url.pathname, head);
    }

    switch (req.method) {
      case 'PUT': {
        if (req.headers['content-encoding']?.includes('aws-chunked')) {
          req.resume();
          return sendError(res, 501, 'NotImplemented', 'aws-chunked uploads are not simulated', url.pathname);
        }
        const temp = path.join(dir, `${randomUUID()}.part`);
        const md5 = createHash('md5');
        let size = 0;
        await pipeline(
          req,
          new Transform({
            transform(chunk: Buffer, _enc, done) {
              md5.update(chunk);
              size += chunk.length;
              done(null, chunk);
            },
          }),
          createWriteStream(temp),
        );
        const declared = req.headers['content-length'];
        if (declared !== undefined && Number(declared) !== size) {
          await rm(temp, { force: true });
          return sendError(res, 400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', url.pathname);
        }
        const file = path.join(dir, randomUUID());
        await rename(temp, file);
        const previous = bucket.get(key);
        const etag = md5.digest('hex');
        bucket.set(key, { file, size, etag, contentType: req.headers['content-type'] ?? 'application/octet-stream', lastModified: new Date() });
        if (previous) await rm(previous.file, { force: true });
        res.writeHead(200, { etag: `"${etag}"`, 'content-length': '0' });
        res.end();
        return;
      }
      case 'GET':
      case 'HEAD': {
        const object = bucket.get(key);
        if (!object) return sendError(res, 404, head ? 'NotFound' : 'NoSuchKey', 'The specified key does not exist.', url.pathname, head);
        res.writeHead(200, {
          'content-type': object.contentType,
          'content-length': String(object.size),
          etag: `"${object.etag}"`,
          'last-modified': object.lastModified.toUTCString(),
          'accept-ranges': 'bytes',
        });
        if (head) {
          res.end();
          return;
        }
        await pipeline(createReadStream(object.file), res);
        return;
      }
      case 'DELETE': {
        const object = bucket.get(key);
        if (object) {
          bucket.delete(key);
          await rm(object.file, { force: true });
        }
        res.writeHead(204);
        res.end();
        return;
      }
      default:
        req.resume();
        return sendError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', url.pathname);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) sendError(res, 500, 'InternalError', error.message, req.url ?? '/');
      else res.destroy(error);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    keys: (name) => [...(buckets.get(name)?.keys() ?? [])].sort(),
    setLastModified(name, key, at) {
      const object = buckets.get(name)?.get(key);
      if (object) object.lastModified = at;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

// Run on its own: node --import tsx src/simulators/s3.ts [port]
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 9000);
  const sim = await startS3Simulator({ port, host: '127.0.0.1' });
  console.log(`S3 simulator on ${sim.url} (bucket "opendvc", S3_ACCESS_KEY_ID=simulator, path-style)`);
}
