import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 hex. Only used for high-entropy secrets (generated tokens, keys of >= 16 characters). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Constant-time: hashes the candidate once and compares against every known hash without
 * stopping at the first match, so timing reveals neither which nor how many matched.
 */
export function matchesAnyHash(candidate: string, hashes: readonly string[]): number {
  const digest = Buffer.from(hashSecret(candidate), 'hex');
  let found = -1;
  hashes.forEach((hash, i) => {
    const known = Buffer.from(hash, 'hex');
    if (known.length === digest.length && timingSafeEqual(known, digest) && found === -1) found = i;
  });
  return found;
}

export function hint(secret: string): string {
  return secret.slice(-4);
}

/** The token of an `Authorization: Bearer <token>` header, or null if the header is not that. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
