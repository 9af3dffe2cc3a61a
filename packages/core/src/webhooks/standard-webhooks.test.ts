import { describe, expect, it } from 'vitest';
import {
  decodeWebhookSecret,
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
} from './standard-webhooks.js';

// The published Standard Webhooks test vector: a receiver's stock library must accept what we send.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const headers = (signature = SIGNATURE, timestamp = String(TIMESTAMP)) => ({
  'webhook-id': ID,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
});
const now = TIMESTAMP * 1000;

describe('Standard Webhooks signing', () => {
  it('reproduces the published test vector', () => {
    expect(signWebhook(SECRET, ID, TIMESTAMP, BODY)).toBe(SIGNATURE);
  });

  it('verifies a valid request and returns the parsed body', () => {
    expect(verifyWebhook(SECRET, headers(), BODY, { now })).toEqual({ test: 2432232314 });
  });

  it('accepts a Headers object and a list of signatures during key rotation', () => {
    const list = new Headers(headers(`v1,bm9wZQ== ${SIGNATURE}`));
    expect(verifyWebhook(SECRET, list, BODY, { now })).toEqual({ test: 2432232314 });
  });

  it('rejects a tampered body, a wrong secret, a stale timestamp and missing headers', () => {
    expect(() => verifyWebhook(SECRET, headers(), '{"test": 1}', { now })).toThrow(/no matching/);
    expect(() => verifyWebhook(generateWebhookSecret(), headers(), BODY, { now })).toThrow(
      /no matching/,
    );
    expect(() => verifyWebhook(SECRET, headers(), BODY, { now: now + 301_000 })).toThrow(
      /tolerance/,
    );
    expect(() => verifyWebhook(SECRET, headers(SIGNATURE, 'soon'), BODY, { now })).toThrow(
      /timestamp/,
    );
    expect(() => verifyWebhook(SECRET, { 'webhook-id': ID }, BODY, { now })).toThrow(/missing/);
    expect(() => verifyWebhook(SECRET, headers('v2,abc'), BODY, { now })).toThrow(/no matching/);
  });

  it('tells a malformed request from an unauthenticated one', () => {
    const reasonOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof WebhookVerificationError ? error.reason : 'other';
      }
      return 'accepted';
    };
    expect(reasonOf(() => verifyWebhook(SECRET, { 'webhook-id': ID }, BODY, { now }))).toBe(
      'malformed',
    );
    expect(reasonOf(() => verifyWebhook(SECRET, headers(SIGNATURE, '1e9'), BODY, { now }))).toBe(
      'malformed',
    );
    expect(reasonOf(() => verifyWebhook(SECRET, headers(), '{"test": 1}', { now }))).toBe(
      'unauthenticated',
    );
    expect(reasonOf(() => verifyWebhook(SECRET, headers(), BODY, { now: now - 301_000 }))).toBe(
      'unauthenticated',
    );
    const notJson = 'not json';
    const signed = signWebhook(SECRET, ID, TIMESTAMP, notJson);
    expect(reasonOf(() => verifyWebhook(SECRET, headers(signed), notJson, { now }))).toBe(
      'malformed',
    );
    expect(reasonOf(() => verifyWebhook('whsec_c2hvcnQ=', headers(), BODY, { now }))).toBe(
      'secret',
    );
  });

  it('insists on whsec_ secrets of at least 24 bytes', () => {
    expect(() => decodeWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toThrow(/whsec_/);
    expect(() => decodeWebhookSecret('whsec_c2hvcnQ=')).toThrow(/24 bytes/);
    expect(decodeWebhookSecret(generateWebhookSecret())).toHaveLength(32);
  });
});
