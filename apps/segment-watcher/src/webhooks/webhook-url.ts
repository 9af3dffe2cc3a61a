import { insecureUrlReason } from '@clusterstream/core';

/**
 * Why a webhook URL must not be used, or null. Checked before anything starts, by the CLI and
 * the fleet alike: a user name or password in the URL would travel with every request and end up
 * in error messages (fetch refuses such a URL, and its error quotes it), and plain `http://` to
 * another machine would carry names and e-mails unencrypted unless explicitly allowed.
 */
export function webhookUrlProblem(text: string, allowInsecureHttp: boolean): string | null {
  if (!URL.canParse(text)) return 'is not a URL';
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password (put a token in the path or query, or rely on the signature)';
  }
  const insecure = insecureUrlReason(url, allowInsecureHttp);
  return insecure === null ? null : `${insecure} (allowInsecureHttp / --allow-insecure-http)`;
}

/** A webhook's name in the state (disabled sinks) and in messages: origin and path, never the query. */
export function webhookSinkName(text: string): string {
  const { origin, pathname } = new URL(text);
  return `webhook:${origin}${pathname}`;
}
