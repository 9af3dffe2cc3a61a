/** `postgres://…` or `postgresql://…`: the state lives in Postgres; anything else is a SQLite path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * The URL with its password replaced by `***`, for logs and errors. Text that does not parse is
 * cut after the scheme, since it may still hold a password.
 */
export function redactDatabaseUrl(location: string): string {
  try {
    const url = new URL(location);
    if (url.password !== '') url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    return `${location.split('//')[0]}//***`;
  }
}

/** Replaces every occurrence of the URL's password in `text` (e.g. an error message) with `***`. */
export function redactPassword(text: string, location: string): string {
  let password: string;
  try {
    password = decodeURIComponent(new URL(location).password);
  } catch {
    return text.split(location).join(redactDatabaseUrl(location));
  }
  if (password === '') return text;
  return text
    .split(location)
    .join(redactDatabaseUrl(location))
    .split(password)
    .join('***')
    .split(encodeURIComponent(password))
    .join('***');
}
