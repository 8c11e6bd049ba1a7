import { randomBytes } from 'node:crypto';

/** A fresh nonce per page: it lets Web Chat's injected <style> elements through, and nothing else. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

/**
 * Content-Security-Policy for our pages: scripts only from this origin (no inline script at all),
 * styles from this origin or carrying the nonce (Web Chat's emotion styles do), connections to this
 * origin and its Direct Line stream. `blob:`/`data:` images are Web Chat's own icons.
 */
export function contentSecurityPolicy(nonce: string, streamOrigin: string): string {
  return [
    "default-src 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "script-src 'self'",
    // The hash is of the empty string: Web Chat's scroll-to-bottom inserts an empty <style> without
    // the nonce and fills it through CSSOM, which CSP does not restrict.
    `style-src 'self' 'nonce-${nonce}' '${EMPTY_STYLE_HASH}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    `connect-src 'self' ${streamOrigin}`,
  ].join('; ');
}

/** Headers every page and script of ours carries. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};
