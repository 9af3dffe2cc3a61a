import type { Fault, FaultRule, RouteName } from './types.js';

/** What identifies a request for fault matching. */
export interface FaultTarget {
  route: RouteName;
  clusterId?: number;
  page: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  hits: number;
}

/** Scripted faults, consulted once per API request in the order they were added. */
export class FaultBook {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    validate(rule);
    this.rules.push({ rule, seen: 0, hits: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault hitting this request (first applicable rule), consuming one of its `times`. */
  take(target: FaultTarget): Fault | undefined {
    let found: Fault | undefined;
    for (const active of this.rules) {
      const { match = {}, times = 1 } = active.rule;
      if (match.route !== undefined && match.route !== target.route) continue;
      if (match.clusterId !== undefined && match.clusterId !== target.clusterId) continue;
      if (match.page !== undefined && match.page !== target.page) continue;
      // Every matching request counts towards afterRequests, even when an earlier rule wins.
      active.seen++;
      if (found || active.seen <= (match.afterRequests ?? 0) || active.hits >= times) continue;
      active.hits++;
      found = active.rule.fault;
    }
    this.rules = this.rules.filter((a) => a.hits < (a.rule.times ?? 1));
    return found;
  }
}

const KINDS = new Set([
  'status',
  'reset',
  'truncate',
  'hang',
  'latency',
  'drift',
  'delete-cluster',
]);
const STATUSES = new Set([500, 502, 503, 401, 404, 429]);

function validate(rule: FaultRule): void {
  const fault = rule.fault as Partial<Fault> | undefined;
  if (!fault || typeof fault.kind !== 'string' || !KINDS.has(fault.kind)) {
    throw new TypeError(`fault.kind must be one of ${[...KINDS].join(', ')}`);
  }
  if (fault.kind === 'status' && !STATUSES.has((fault as { status: number }).status)) {
    throw new TypeError(`fault.status must be one of ${[...STATUSES].join(', ')}`);
  }
  if (fault.kind === 'latency' && !((fault as { ms: number }).ms >= 0)) {
    throw new TypeError('latency fault needs ms >= 0');
  }
  const times = rule.times ?? 1;
  if (!(times >= 1)) throw new TypeError(`fault.times must be >= 1, got ${times}`);
}
