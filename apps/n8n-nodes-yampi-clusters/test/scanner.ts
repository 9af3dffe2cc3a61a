// n8n's verification scanner (@n8n/scan-community-package), run on a local package folder.
//
// Its CLI (`npx @n8n/scan-community-package <name>`) needs the network: it downloads the
// published tarball, checks its npm provenance and fetches the attested GitHub source. So
// the tests call the scanner's exported `analyzePackage` directly, on the extracted local
// tarball, with the file patterns its CLI uses for the tarball: `**/*.js` and package.json.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ScanVerdict {
  passed: boolean;
  message?: string;
  details?: string;
}

export interface ScanReport {
  /** The scanner's own verdict (`analyzePackage`), which fails on errors only. */
  verdict: ScanVerdict;
  errors: number;
  warnings: number;
  /** `file:line rule message`, one per problem. */
  problems: string[];
}

interface ScannerModule {
  analyzePackage(packageDir: string, filePatterns?: string[]): Promise<ScanVerdict>;
  buildScanConfig(): Promise<unknown>;
}

interface LintMessage {
  line: number;
  ruleId: string | null;
  message: string;
}
interface LintResult {
  filePath: string;
  errorCount: number;
  warningCount: number;
  messages: LintMessage[];
}
interface ESLintClass {
  new (options: object): { lintFiles(patterns: string[]): Promise<LintResult[]> };
}

/** The patterns the scanner's CLI lints the published tarball with. */
export const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

// (Scanner 0.32.0 pins typescript 7.0.2, which has no JavaScript API for its parser;
// pnpm-workspace.yaml overrides it with the repository's TypeScript.)
const root = join(import.meta.dirname, '..');
const scannerDir = realpathSync(join(root, 'node_modules/@n8n/scan-community-package/scanner'));
const fromScanner = createRequire(join(scannerDir, 'scanner.mjs'));

/**
 * Runs the scanner's analysis on an extracted package, the way its CLI does for the
 * tarball, and also counts warnings (its verdict only fails on errors).
 *
 * @example
 * const report = await scanPackage('/tmp/x/package');
 * expect(report.problems).toEqual([]);
 */
export async function scanPackage(packageDir: string): Promise<ScanReport> {
  const scanner = (await import(
    pathToFileURL(join(scannerDir, 'scanner.mjs')).href
  )) as ScannerModule;
  const verdict = await scanner.analyzePackage(packageDir, TARBALL_PATTERNS);
  // The same ESLint setup as `analyzePackage`, to see the warnings it does not report.
  const { ESLint } = fromScanner('eslint') as { ESLint: ESLintClass };
  const eslint = new ESLint({
    cwd: packageDir,
    allowInlineConfig: false,
    overrideConfigFile: true,
    overrideConfig: await scanner.buildScanConfig(),
  });
  const results = await eslint.lintFiles(TARBALL_PATTERNS);
  return {
    verdict,
    errors: results.reduce((sum, result) => sum + result.errorCount, 0),
    warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
    problems: results.flatMap((result) =>
      result.messages.map(
        (message) =>
          `${result.filePath.slice(packageDir.length + 1)}:${message.line} ${message.ruleId ?? ''} ${message.message}`,
      ),
    ),
  };
}
