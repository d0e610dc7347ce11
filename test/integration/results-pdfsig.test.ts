// The signed result checked by an independent implementation: pdfsig (poppler-utils; scripts/test.ts installs it
// as root when missing). Our PAdES signature must show as valid, with its subFilter and the whole document
// signed; a copy with one byte changed inside the signed range must fail. The chain too: in a temporary NSS
// database (certutil, libnss3-tools) holding the demo CA as a trusted issuer, a result signed with the demo
// agency certificate (made by ResultsPki, as the product signs) shows "Certificate is Trusted"; results signed by
// a self-signed key or under another CA do not.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestContext } from '../helpers/db.ts';
import { signedResult, testPki } from '../helpers/results.ts';

function tool(command: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 99) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** pdfsig on a file, with the NSS database `nssdir` when given (else its default, which trusts nothing of ours). */
function pdfsig(file: string, nssdir?: string): Promise<{ code: number; out: string }> {
  return tool('pdfsig', nssdir ? ['-nssdir', `sql:${nssdir}`, file] : [file]);
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

describe('pdfsig (poppler, NSS) checks the chain to the demo CA', async () => {
  const ctx = await createTestContext({ demo: true });
  let dir: string;
  let nss: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-nss-'));
    nss = path.join(dir, 'nssdb');
    const caPem = await ctx.services.results.pki.caCertificatePem();
    assert.ok(caPem, 'the demo CA exists (made on first use)');
    const caFile = path.join(dir, 'demo-ca.pem');
    await writeFile(caFile, caPem);
    await mkdir(nss);
    const created = await tool('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    assert.equal(created.code, 0, created.out);
    // Trusted to issue signing (and other) certificates: C = trusted CA.
    const added = await tool('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'OpenDVC Demo CA', '-t', 'CT,C,C', '-a', '-i', caFile]);
    assert.equal(added.code, 0, added.out);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sign = async (name: string, identity: Parameters<typeof signedResult>[0]) => {
    const file = path.join(dir, name);
    await writeFile(file, await signedResult(identity));
    return file;
  };

  it('a result signed with the demo agency certificate: valid and trusted', async () => {
    const office = await ctx.db.selectFrom('agencies').select(['id', 'name']).where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow();
    const file = await sign('demo.pdf', await ctx.services.results.pki.signer(office));
    const { out } = await pdfsig(file, nss);
    assert.match(out, /Signature Validation: Signature is Valid\./);
    assert.match(out, /Certificate Validation: Certificate is Trusted\./, out);
    // The same file without the demo CA in the database: not trusted (the check depends on the CA).
    const { out: bare } = await pdfsig(file, path.join(dir, 'missing-db'));
    assert.doesNotMatch(bare, /Certificate is Trusted/);
  });

  it('a result signed by a self-signed key, or under another CA: valid signature, certificate not trusted', async () => {
    for (const [name, identity] of [['stranger.pdf', testPki().stranger], ['other-ca.pdf', testPki().identity]] as const) {
      const { out } = await pdfsig(await sign(name, identity), nss);
      assert.match(out, /Signature Validation: Signature is Valid\./, out);
      assert.doesNotMatch(out, /Certificate is Trusted/, `${name}: ${out}`);
      assert.match(out, /Certificate Validation: Certificate issuer (is unknown|isn't Trusted)\./, out);
    }
  });
});
