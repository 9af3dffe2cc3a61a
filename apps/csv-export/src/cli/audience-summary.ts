import type { AudienceExportOptions } from '../audience/audience-export.js';
import { audiencePreset } from '../audience/audience-presets.js';
import type { ExportSummary } from '../export-cluster-csv.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The lines `dooki-csv` adds after its summary for a `--preset` export: how many rows have no
 * usable email or phone, which files were written, and why a stream was not split.
 *
 * @example
 * // dooki-csv: meta-audience: 2 rows without a usable email, 5 without a usable phone (1 with neither)
 * // dooki-csv: 3 files of at most 10000 records: vip-1.csv, vip-2.csv, vip-3.csv
 */
export const audienceSummaryLines = (
  audience: AudienceExportOptions,
  summary: ExportSummary,
): string => {
  const stats = summary.audience;
  if (stats === undefined) return '';
  const rowsPerFile = audience.rowsPerFile ?? audiencePreset(audience.preset).rowsPerFile;
  const lines = [
    `${audience.preset}: ${plural(stats.withoutEmail, 'row')} without a usable email, ${stats.withoutPhone} without a usable phone (${stats.withoutEmailOrPhone} with neither)`,
  ];
  if (summary.files.length > 1) {
    lines.push(
      `${summary.files.length} files of at most ${rowsPerFile} records: ${summary.files.join(', ')}`,
    );
  }
  if (summary.output === '-' && rowsPerFile > 0 && stats.rows > rowsPerFile) {
    lines.push(
      `warning: ${stats.rows} records on stdout were not split (a stream is one file); ${audience.preset} uploads take at most ${rowsPerFile} records: use --out <file> to get numbered files`,
    );
  }
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  return lines.map((line) => `dooki-csv: ${line}\n`).join('');
};
