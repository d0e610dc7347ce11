// The envelope signature of the document exchange: Ed25519 over the canonical bytes of the envelope without its
// Signature element (docexchange.rules.ts `bytesToSign` / ParsedEnvelope.signedBytes). Each platform signs with its
// own key; a partner's public key (SPKI PEM) is kept in its row of the partners table (docexchange_partners).
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

export interface KeyPair {
  /** PKCS#8 PEM */
  privateKey: string;
  /** SPKI PEM */
  publicKey: string;
}

export function generateSigningKey(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A signer over bytes (base64 signature) with a PKCS#8 PEM key. */
export function signerOf(privateKeyPem: string): (bytes: Buffer) => string {
  const key = createPrivateKey(privateKeyPem);
  return (bytes) => sign(null, bytes, key).toString('base64');
}

/** Is `publicKeyPem` an Ed25519 public key (SPKI PEM)? The partner form's check. */
export function isEd25519PublicKey(publicKeyPem: string): boolean {
  try {
    return createPublicKey(publicKeyPem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/** Does `signature` (base64) sign `bytes` under `publicKeyPem`? Never throws (a bad key or value: false). */
export function verifySignature(publicKeyPem: string, bytes: Buffer, signature: string): boolean {
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
