// The subscriptions' signing secrets at rest. We must be able to sign, so they are kept (not hashed): encrypted with
// AES-256-GCM under a key derived (HKDF-SHA256) from SESSION_SECRET when the configuration has one ('v1:' + base64 of
// iv | tag | ciphertext), else kept as they are ('plain:'). A secret that no longer decrypts (SESSION_SECRET changed)
// reads as null: its deliveries fail until the secret is rotated.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export class SecretBox {
  private readonly key: Buffer | null;

  constructor(serverSecret: string | undefined) {
    this.key = serverSecret ? Buffer.from(hkdfSync('sha256', serverSecret, 'opendvc', 'webhook-secrets v1', 32)) : null;
  }

  seal(secret: string): string {
    if (!this.key) return `plain:${secret}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(stored: string): string | null {
    if (stored.startsWith('plain:')) return stored.slice(6);
    if (!stored.startsWith('v1:') || !this.key) return null;
    try {
      const raw = Buffer.from(stored.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
