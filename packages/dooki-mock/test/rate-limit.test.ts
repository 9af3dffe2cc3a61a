import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startMockApi } from '../src/index.js';
import { AUTH, call, customersPath } from './helpers.js';

describe('rate limit', () => {
  it('counts down X-RateLimit-Remaining, then answers 429 with Retry-After', async () => {
    await using api = await startMockApi({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await call(api, customersPath(1));
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-ratelimit-limit')).toBe('3');
      remaining.push(reply.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await call(api, customersPath(1));
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ message: 'Too Many Requests' });
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('keeps one window per route and per credential', async () => {
    await using api = await startMockApi({ rateLimit: { limit: 1, windowMs: 60_000 } });
    expect((await call(api, customersPath(1))).status).toBe(200);
    expect((await call(api, customersPath(1))).status).toBe(429);
    expect((await call(api, customersPath(2))).status).toBe(429); // same route pattern
    expect((await call(api, '/demo-store/customers/clusters/1')).status).toBe(200);
    expect((await call(api, '/demo-store/customers/clusters')).status).toBe(200);
    const other = api.control.rotateCredentials();
    const headers = { 'User-Token': other.userToken, 'User-Secret-Key': other.userSecretKey };
    expect((await call(api, customersPath(1), { headers })).status).toBe(200);
  });

  it('opens a new window when the old one ends', async () => {
    await using api = await startMockApi({ rateLimit: { limit: 1, windowMs: 200 } });
    expect((await call(api, customersPath(1))).status).toBe(200);
    expect((await call(api, customersPath(1))).status).toBe(429);
    await sleep(250);
    expect((await call(api, customersPath(1))).status).toBe(200);
  });

  it('can drop the quota headers, Retry-After, or the limit itself', async () => {
    await using api = await startMockApi({
      rateLimit: { limit: 1, windowMs: 60_000, headers: false, retryAfter: false },
    });
    await call(api, customersPath(1));
    const limited = await call(api, customersPath(1));
    expect(limited.status).toBe(429);
    expect(limited.headers.has('x-ratelimit-limit')).toBe(false);
    expect(limited.headers.has('x-ratelimit-remaining')).toBe(false);
    expect(limited.headers.has('retry-after')).toBe(false);
    api.control.setRateLimit(false);
    for (let i = 0; i < 5; i++) expect((await call(api, customersPath(1))).status).toBe(200);
    api.control.setRateLimit({ limit: 10, windowMs: 1000 });
    expect((await call(api, customersPath(1))).headers.get('x-ratelimit-remaining')).toBe('9');
  });

  it('puts the quota headers on error responses too', async () => {
    await using api = await startMockApi({ rateLimit: { limit: 5, windowMs: 60_000 } });
    const denied = await call(api, customersPath(1), {
      headers: { 'User-Token': AUTH['User-Token'] },
    });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('x-ratelimit-remaining')).toBe('4');
  });
});
