import { parseDuration, UsageError } from '@clusterstream/cli-kit';

/** An ISO time or a look-back duration (`2h` = two hours ago). */
export function parseSince(text: string, now = Date.now()): Date {
  if (/^\d+(\.\d+)?(ms|s|m|h|d)$/.test(text.trim())) {
    return new Date(now - parseDuration(text, '--since'));
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new UsageError(
      `--since takes an ISO time (2026-11-28T10:00:00Z) or a duration (2h), got "${text}"`,
    );
  }
  return new Date(time);
}
