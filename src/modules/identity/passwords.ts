// Password hashing with argon2id (the `argon2` package, OWASP-recommended parameters by default).
import argon2 from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export function argon2Hasher(options: { memoryCost?: number; timeCost?: number } = {}): PasswordHasher {
  const params = { type: argon2.argon2id as 2, memoryCost: options.memoryCost ?? 19 * 1024, timeCost: options.timeCost ?? 2, parallelism: 1 };
  return {
    hash: (password) => argon2.hash(password, params),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
  };
}

/** A valid hash of a random password, verified against when the account does not exist (same timing). */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,p=1,t=2$49ecXtAz6aUChFWYBvgUvQ$RXIPzNpkabCUt0dw+bX0QrLpiBSJxh0/oKDYnVVFlXQ';
