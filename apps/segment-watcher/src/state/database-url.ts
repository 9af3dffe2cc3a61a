/** `postgres://…` or `postgresql://…`: the state lives in Postgres; anything else is a SQLite path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Query parameters whose values are secrets (`password`, `sslpassword`, `sslkey`, …). */
const SECRET_PARAM = /pass|secret|key/i;

/**
 * The URL with its password replaced by `***`, for logs and errors. Text that does not parse, or
 * parses into another password than the one written (a raw `/`, `?` or `#` in it), is cut after
 * the scheme, since it may still hold a password.
 */
export function redactDatabaseUrl(location: string): string {
  const url = parseUrl(location);
  if (url === null || safeDecode(url.password) !== safeDecode(writtenPassword(location) ?? '')) {
    return `${location.split('//')[0]}//***`;
  }
  if (url.password !== '') url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(key)) url.searchParams.set(key, '***');
  }
  return url.toString();
}

/**
 * Replaces the URL and every form of its secrets in `text` (e.g. an error message) with `***`:
 * the password as written, percent-decoded and percent-encoded, and secret query values.
 */
export function redactPassword(text: string, location: string): string {
  let redacted = text.split(location).join(redactDatabaseUrl(location));
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [...secretsOf(location)].sort((a, b) => b.length - a.length);
  for (const secret of secrets) redacted = redacted.split(secret).join('***');
  return redacted;
}

/** Every spelling of the secrets in `location` that an error message might repeat. */
function secretsOf(location: string): Set<string> {
  const written = [writtenPassword(location) ?? ''];
  const url = parseUrl(location);
  if (url !== null) {
    written.push(url.password);
    for (const [key, value] of url.searchParams) if (SECRET_PARAM.test(key)) written.push(value);
  }
  const secrets = new Set<string>();
  for (const secret of written) {
    const decoded = safeDecode(secret);
    for (const form of [secret, decoded, encodeURIComponent(decoded), encodeURIComponent(secret)]) {
      if (form !== '') secrets.add(form);
    }
  }
  return secrets;
}

/**
 * The password as written between `user:` and the LAST `@` (a raw `@` belongs to the password:
 * hosts have none), or null without one. Over-reaching (an `@` in the query) only redacts more.
 */
function writtenPassword(location: string): string | null {
  const body = /^[a-z][a-z0-9+.-]*:\/\/(.*)$/is.exec(location)?.[1];
  const at = body?.lastIndexOf('@') ?? -1;
  if (body === undefined || at < 0) return null;
  const userinfo = body.slice(0, at);
  const colon = userinfo.indexOf(':');
  return colon < 0 ? null : userinfo.slice(colon + 1);
}

function parseUrl(location: string): URL | null {
  try {
    return new URL(location);
  } catch {
    return null;
  }
}

/** `decodeURIComponent`, or the text itself when it is no valid encoding (a raw `%`). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
