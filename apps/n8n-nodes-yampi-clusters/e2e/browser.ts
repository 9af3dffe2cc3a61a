/// <reference lib="dom" />
// Headless Chromium (Debian's `chromium` package) driven by puppeteer-core, for the editor test.
// Nothing is downloaded: puppeteer-core never fetches a browser, and the executable is the
// system's. The browser talks to puppeteer over a pipe (no debugging port), and every request a
// page makes outside 127.0.0.1 is aborted and recorded, so the test cannot reach the network.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where `UPDATE_SCREENSHOTS=1` writes the README's editor screenshots. */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', 'docs', 'editor');

/** Flags that work in this headless, sandbox-less environment with nothing reaching out. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--window-size=1440,900',
];

export interface EditorBrowser {
  page: Page;
  /** Requests the page tried to send off 127.0.0.1 (aborted). */
  blocked: string[];
  close(): Promise<void>;
}

function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

const isLoopback = (url: string): boolean => {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    return new URL(url).hostname === '127.0.0.1';
  } catch {
    return false;
  }
};

/** A fresh browser (fresh profile) with one page, guarded to 127.0.0.1. */
export async function openEditorBrowser(): Promise<EditorBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'n8n-editor-profile-'));
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      pipe: true,
      userDataDir: profile,
      args: CHROMIUM_FLAGS,
      defaultViewport: { width: 1440, height: 900 },
      protocolTimeout: 120_000,
    });
    const page = await browser.newPage();
    // A slow shared machine: waits are bounded by the test's hang limits, not by puppeteer's 30 s.
    page.setDefaultTimeout(90_000);
    const blocked: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (isLoopback(request.url())) return void request.continue();
      blocked.push(request.url());
      return void request.abort('blockedbyclient');
    });
    const opened = browser;
    return {
      page,
      blocked,
      close: async () => {
        await opened.close();
        rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
      },
    };
  } catch (error) {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    throw error;
  }
}

/**
 * Creates n8n's owner through its REST API from inside the page, so the browser holds the
 * session cookie, then opens the editor. The owner must not exist yet (a fresh user folder).
 */
export async function signInAsOwner(page: Page, n8nUrl: string): Promise<void> {
  await page.goto(`${n8nUrl}/signin`, { waitUntil: 'domcontentloaded' });
  const status = await page.evaluate(async () => {
    const response = await fetch('/rest/owner/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'include',
      body: JSON.stringify({
        email: 'owner@example.com',
        firstName: 'Editor',
        lastName: 'Test',
        password: 'Clusterstream-e2e-1',
      }),
    });
    return response.status;
  });
  if (status !== 200) throw new Error(`n8n owner setup answered ${status}`);
}

/**
 * Saves a screenshot as docs/editor/<name>.png when UPDATE_SCREENSHOTS=1 (the README's images;
 * one n8n row is enough, see N8N_E2E_SCREENSHOT_ROW), else into `fallbackDir` for debugging.
 */
export async function screenshot(page: Page, name: string, fallbackDir?: string): Promise<void> {
  const update =
    process.env.UPDATE_SCREENSHOTS === '1' &&
    (process.env.N8N_E2E_SCREENSHOT_ROW ?? '2.8.4') === process.env.N8N_E2E_N8N_VERSION;
  const dir = update ? SCREENSHOT_DIR : fallbackDir;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  // Panels slide in (CSS transitions): shoot once nothing moves any more.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
