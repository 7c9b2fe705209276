/**
 * What every response carries and every request must name. Pure, so proxy.ts stays a few lines
 * and these rules have unit tests.
 */

/** The host name of a Host header, lower case, without port or trailing dot. */
export function hostName(host: string | null): string {
  const value = (host ?? '').trim().toLowerCase();
  // [::1]:3000 keeps its brackets; a name or IPv4 address ends at the port's colon.
  const end = value.startsWith('[') ? value.indexOf(']') + 1 : value.indexOf(':');
  const name = end > 0 ? value.slice(0, end) : value;
  return name.replace(/\.$/, '');
}

/**
 * Whether a request's Host is one Berth answers to. A DNS-rebinding page reaches Berth under
 * the attacker's name with a matching Origin, so only the Host tells it apart.
 */
export function hostAllowed(host: string | null, allowed: readonly string[]): boolean {
  const name = hostName(host);
  return name !== '' && allowed.includes(name);
}

/**
 * The Content-Security-Policy of one response. Scripts need this response's nonce (Next adds it
 * to its own scripts); styles may be inline because React and CodeMirror set style attributes,
 * and a style cannot run code. Nothing may frame Berth.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response, whatever route answers. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/**
 * Strict-Transport-Security when Berth is served over TLS (its public URL is https): browsers
 * then never try plain HTTP for it again. Never over plain HTTP, where it would be ignored or,
 * behind a TLS terminator with another name, lock people out.
 */
export function transportSecurity(publicUrl: string | undefined): Record<string, string> {
  return publicUrl?.startsWith('https://')
    ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' }
    : {};
}

export const WRONG_HOST_MESSAGE =
  'Berth does not answer to this host name. Reach it by a name in BERTH_ALLOWED_HOSTS or BERTH_PUBLIC_URL (the loopback names always work).';
