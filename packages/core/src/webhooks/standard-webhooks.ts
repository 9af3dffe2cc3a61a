import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/**
 * Why a request or a secret failed: `malformed` (a header missing or unparsable, a body that is
 * not JSON: the sender is broken), `unauthenticated` (no signature matches, or the timestamp is
 * outside the tolerance: the sender does not hold the secret, or replays an old request), or
 * `secret` (the receiver's own secret is unusable). A receiver answers 400, 401 and 500 for them.
 */
export type WebhookVerificationReason = 'malformed' | 'unauthenticated' | 'secret';

/** Thrown by {@link verifyWebhook} and by signing with a malformed secret. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(
    message: string,
    readonly reason: WebhookVerificationReason = 'unauthenticated',
  ) {
    super(message);
  }
}

/** Decodes a `whsec_<base64>` secret into its key bytes (at least 24 bytes, as the spec asks). */
export function decodeWebhookSecret(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) {
    throw new WebhookVerificationError('webhook secret must start with "whsec_"', 'secret');
  }
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24) {
    throw new WebhookVerificationError(
      'webhook secret must hold at least 24 bytes of key',
      'secret',
    );
  }
  return key;
}

/** A fresh random `whsec_` secret (32 bytes). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, as Standard Webhooks defines it. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', decodeWebhookSecret(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** Accepted clock skew in seconds either way. Default 300. */
  toleranceSeconds?: number;
  /** Current time in ms, for tests. Default `Date.now()`. */
  now?: number;
}

/**
 * Checks a Standard Webhooks request (`webhook-id`, `webhook-timestamp`, `webhook-signature`)
 * against the shared secret in constant time, and returns the parsed body. Any of the
 * space-separated `v1,` signatures may match, so a sender can sign with an old and a new secret
 * while they rotate. Throws `WebhookVerificationError` (with its `reason`) on any mismatch,
 * missing header, stale timestamp or a verified body that is not JSON.
 *
 * @example
 * const change = verifyWebhook(process.env.WEBHOOK_SECRET!, req.headers, rawBody);
 * if (!alreadySeen(change.id)) handle(change); // ids repeat on redelivery: dedupe on them
 */
export function verifyWebhook<T = unknown>(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  options: VerifyWebhookOptions = {},
): T {
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  const timestamp = Number(timestampText);
  if (!/^\d+$/.test(timestampText)) {
    throw new WebhookVerificationError('bad webhook-timestamp', 'malformed');
  }
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError('webhook-timestamp outside the tolerance window');
  }
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body).slice(3), 'base64');
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('no matching webhook-signature');
  return parseVerifiedBody<T>(body);
}

function parseVerifiedBody<T>(body: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    // The signature matched, so the sender holds the secret but sent something that is not JSON.
    throw new WebhookVerificationError('webhook body is not JSON', 'malformed');
  }
}

function header(headers: WebhookHeaders, name: string): string {
  const value =
    typeof (headers as Headers).get === 'function'
      ? (headers as Headers).get(name)
      : (headers as Record<string, string | string[] | undefined>)[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text === '') {
    throw new WebhookVerificationError(`missing ${name} header`, 'malformed');
  }
  return text;
}
