/**
 * True for a host name that stays on this machine: `localhost`, 127.0.0.0/8 or `::1`.
 * Plain `http://` is accepted only for these (credentials and personal data would
 * otherwise cross a network in clear text).
 *
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('api.dooki.com.br'); // false
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Null when `url` may carry secrets or personal data: `https:`, or `http:` to a loopback
 * host, or any `http:` when `allowInsecureHttp` is set. Otherwise a one-line reason.
 */
export function insecureUrlReason(url: URL, allowInsecureHttp = false): string | null {
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return `${url.protocol} is not an HTTP URL`;
  if (allowInsecureHttp || isLoopbackHost(url.hostname)) return null;
  return `plain http:// to ${url.host} would send credentials and personal data unencrypted; use https:// (or allow insecure HTTP explicitly)`;
}
