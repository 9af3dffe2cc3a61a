// Standard Webhooks verification of one request, with core's implementation (the one
// `dooki-watch` signs with), turned into what the trigger answers.
import { verifyWebhook, WebhookVerificationError } from '@clusterstream/core/webhooks';

/** A request's headers as n8n hands them over (node:http's type, which a node may not import). */
type RequestHeaders = Record<string, string | string[] | undefined>;

export type Verdict =
  | { verified: true; webhookId: string; body: unknown }
  | { verified: false; status: 400 | 401 | 500; message: string };

const STATUS_BY_REASON = { malformed: 400, unauthenticated: 401, secret: 500 } as const;

export interface VerifyOptions {
  toleranceSeconds: number;
  nowMs: number;
}

/**
 * Checks signature (constant time, any of the `v1,` entries), timestamp and `webhook-id` over the
 * exact bytes received. 400 for a malformed request (a header missing, a bad timestamp, a signed
 * body that is not JSON), 401 when no signature matches or the timestamp is outside the
 * tolerance, 500 when the configured secret itself is unusable. Messages never hold the secret.
 */
export function verifyRequest(
  secret: string,
  headers: RequestHeaders,
  rawBody: Buffer | undefined,
  options: VerifyOptions,
): Verdict {
  try {
    const body = verifyWebhook(secret, headers, rawBody?.toString('utf8') ?? '', {
      toleranceSeconds: options.toleranceSeconds,
      now: options.nowMs,
    });
    return { verified: true, webhookId: String(headers['webhook-id']), body };
  } catch (error) {
    // Anything but a verification failure is a defect: still refuse (fail closed), say little.
    if (!(error instanceof WebhookVerificationError)) {
      return { verified: false, status: 500, message: 'the request could not be verified' };
    }
    return { verified: false, status: STATUS_BY_REASON[error.reason], message: error.message };
  }
}
