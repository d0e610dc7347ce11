// The signed result checked by an independent implementation: pdfsig (poppler-utils; scripts/test.ts installs it
// as root when missing). Our PAdES signature must show as valid, with its subFilter and the whole document
// signed; a copy with one byte changed inside the signed range must fail.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signedResult } from '../helpers/results.ts';

function pdfsig(file: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('pdfsig', [file], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 99) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

describe('pdfsig (poppler) on a signed result', () => {
  let dir: string;
  let signed: Buffer;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-pdfsig-'));
    signed = await signedResult();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the signature valid, ETSI.CAdES.detached, covering the whole document', async () => {
    const file = path.join(dir, 'ket-qua.pdf');
    await writeFile(file, signed);
    const { code, out } = await pdfsig(file);
    assert.equal(code, 0, out);
    assert.match(out, /Signature #1:/);
    assert.match(out, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(out, /Signing Hash Algorithm: SHA-256/);
    assert.match(out, /Total document signed/);
    assert.match(out, /Signature Validation: Signature is Valid\./);
    assert.match(out, /Common Name: Cục Bản quyền tác giả/);
  });

  it('a copy with one byte changed inside the signed range fails', async () => {
    const copy = Buffer.from(signed);
    // A byte of the page content (well inside the first signed range).
    const at = Math.floor(copy.indexOf('stream') + 20);
    copy[at] = copy[at]! ^ 0x20;
    const file = path.join(dir, 'ket-qua-sua.pdf');
    await writeFile(file, copy);
    const { out } = await pdfsig(file);
    assert.doesNotMatch(out, /Signature Validation: Signature is Valid\./);
    assert.match(out, /Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });
});
