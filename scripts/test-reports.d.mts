// Types for scripts/test-reports.mjs, for the tests that import it.
export interface ReportCounts {
  passed: number;
  failed: number;
  skipped: number;
}
export type ReportFilter = (report: string) => boolean;
export function workspacesOf(root: string): string[];
export function clearReports(root: string): void;
export function countReports(root: string, only?: ReportFilter): ReportCounts;
export function failuresOf(root: string, only?: ReportFilter): string[];
export const isE2eReport: ReportFilter;
