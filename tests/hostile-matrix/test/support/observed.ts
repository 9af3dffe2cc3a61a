/** What a cell saw its consumer do. Recorded before the assertions, so the table shows it. */
export interface Observed {
  /** CLI exit code (null when killed by a signal); undefined for the n8n column. */
  exit?: number | null;
  /** The first `DOOKI_ERR_*` code the CLI printed, or the n8n error's code. */
  errorCode?: string;
  /** The n8n error's message and description, or the CLI's stderr. */
  message: string;
  /**
   * Rows written (csv), events written (watch), items returned (n8n); `'no file'` when the CLI
   * created no output, `'untouched'` when it left an existing target as it was.
   */
  output: number | 'no file' | 'untouched';
  /** Customer ids in that output, when it has any. */
  ids: number[];
  /** The watcher's events, by type and customer. */
  events?: readonly { type: string; customer_id: number }[];
  /** Files left next to the output besides it (e.g. partials). */
  leftovers: string[];
  requests: number;
  /** Responses the consumer hung up on early. */
  closedEarly: number;
  /** Requests that reached the other origin (redirect row). */
  otherOrigin?: { requests: number; withCredentials: number };
  /** Set when the guard had to stop the consumer. */
  stopped?: string;
}

/** One line for the table, e.g. `exit 5 DOOKI_ERR_LOOP · 0 rows · 21 req`. */
export function summarise(observed: Observed, unit: string): string {
  const parts: string[] = [];
  if (observed.exit !== undefined) parts.push(`exit ${observed.exit ?? 'killed'}`);
  if (observed.errorCode !== undefined) parts[0] = `${parts[0] ?? ''} ${observed.errorCode}`.trim();
  // An n8n error without a core code: its message says what it was.
  else if (observed.exit === undefined && observed.message !== '') {
    parts.push(`error "${truncate(observed.message, 60)}"`);
  }
  if (parts.length === 0) parts.push('ok');
  const output =
    typeof observed.output === 'number' ? `${observed.output} ${unit}` : observed.output;
  parts.push(output, `${observed.requests} req`);
  if (observed.closedEarly > 0) parts.push(`${observed.closedEarly} cut short`);
  if (observed.otherOrigin !== undefined) {
    parts.push(`other origin ${observed.otherOrigin.requests} req`);
  }
  if (observed.leftovers.length > 0) parts.push(`leftovers: ${observed.leftovers.join(' ')}`);
  if (observed.stopped !== undefined) parts.push(observed.stopped);
  return parts.join(' · ');
}

const truncate = (text: string, length: number): string =>
  text.length <= length ? text : `${text.slice(0, length - 1)}…`;

/** The first `DOOKI_ERR_*` code in a text. */
export const firstErrorCode = (text: string): string | undefined =>
  /DOOKI_ERR_[A-Z_]+/.exec(text)?.[0];
