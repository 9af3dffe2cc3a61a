/// <reference lib="dom" />
// The nodes in n8n's editor, in a real browser: headless Chromium (Debian's `chromium`, through
// puppeteer-core) against `n8n start` with the packed package installed as n8n's installer does
// it, and the dooki-mock simulator. The owner is created through n8n's REST API; everything
// else is done in the editor, waiting on what the page shows (never on fixed sleeps).
// UPDATE_SCREENSHOTS=1 also writes the README's images to docs/editor/ (from the 2.8.4 row).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockApi, type MockApi } from '@clusterstream/dooki-mock';
import { openEditorBrowser, screenshot, signInAsOwner, type EditorBrowser } from './browser';
import {
  blockedConnections,
  createN8nHost,
  n8nRuntime,
  type N8nHost,
  type RunningN8n,
} from './n8n-host';
import { packedTarball } from './tarball';
import {
  clusterById,
  clusterTriggerNode,
  singleNodeWorkflow,
  workflowOf,
  yampiCredential,
} from './workflows';

const runtime = n8nRuntime();
const PACKAGE = 'n8n-nodes-yampi-clusters';
// The editor of n8n 1.x is another application (other pages and test ids): the browser test
// covers the 2.x rows, where n8n's development happens.
const editorRow = Number(runtime.n8nVersion.split('.')[0]) >= 2;
const debugShots =
  process.env.E2E_BROWSER_DEBUG_DIR ?? mkdtempSync(join(tmpdir(), 'editor-shots-'));

const good = { id: 'yampiGoodCred001', name: 'Yampi (simulator)' };
const typo = { id: 'yampiTypoCred001', name: 'Yampi (typo-store)' };
const GET_MANY = 'editorGetMany001';
const JOINS_ONLY = 'editorJoinsOnly1';
const JOINS_AND_LEAVES = 'editorJoinsLeave';

/** A workflow holding only the polling trigger, with the given events. */
const pollingTriggerWorkflow = (id: string, events: string[]) =>
  workflowOf(id, [
    clusterTriggerNode(id, {
      typePrefix: PACKAGE,
      credential: good,
      parameters: { clusterId: clusterById(1), events },
    }),
  ]);

/** The text of the first element matching `selector`, once `predicate` holds for it. */
async function textOnceItSays(page: Page, selector: string, pattern: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    (css: string, source: string, flags: string) => {
      const text = document.querySelector<HTMLElement>(css)?.innerText ?? '';
      return new RegExp(source, flags).test(text) ? text : false;
    },
    {},
    selector,
    pattern.source,
    pattern.flags,
  );
  return (await handle.jsonValue()) as string;
}

/** The node creator's entries: [node type, label] for each keyboard-navigable item. */
async function creatorEntries(page: Page): Promise<Array<[string, string]>> {
  return page.$$eval('[data-test-id="node-creator"] [data-keyboard-nav-id]', (elements) =>
    elements.map((element): [string, string] => [
      // The id is `<node type>-<uuid>` for nodes and actions, the category name for categories.
      (element.getAttribute('data-keyboard-nav-id') ?? '').replace(/-[0-9a-f-]{36}$/, ''),
      // The label is the first line (2.41 shows the node's description under it).
      (element as HTMLElement).innerText.trim().split('\n')[0]!.trim(),
    ]),
  );
}

/**
 * Opens the node creator on a new workflow with "Add first step". On a busy machine the button
 * can be drawn before the editor handles clicks on it, so a click that opened nothing within
 * 15 s is repeated (a few times at most); each wait is on the page.
 */
async function openNodeCreator(page: Page, url: string): Promise<void> {
  // networkidle2 tolerates the editor's push connection; it means the node types have loaded.
  await page.goto(`${url}/workflow/new`, { waitUntil: 'networkidle2' });
  const searchBar = '[data-test-id="node-creator-search-bar"]';
  for (let attempt = 1; ; attempt += 1) {
    await (await page.waitForSelector('[data-test-id="canvas-add-button"]'))!.click();
    const opened = await page.waitForSelector(searchBar, { timeout: 15_000 }).catch(() => null);
    if (opened) return;
    if (attempt === 4) throw new Error('"Add first step" did not open the node creator');
  }
}

/** Opens a workflow's node in the node details view (the editor's own URL for it). */
async function openNode(
  page: Page,
  url: string,
  workflowId: string,
  nodeId: string,
): Promise<void> {
  await page.goto(`${url}/workflow/${workflowId}/${nodeId}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(
    '[data-test-id="ndv"] [data-test-id="node-parameters"], [data-test-id="ndv"]',
  );
  await page.waitForSelector('[data-test-id="ndv"] [data-test-id^="parameter-input-"]');
}

const timings: string[] = [];
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

describe.runIf(editorRow)(
  `The nodes in the editor of ${runtime.label} (Chromium)`,
  { timeout: 300_000 },
  () => {
    let api: MockApi;
    let host: N8nHost;
    let n8n: RunningN8n;
    let browser: EditorBrowser;
    let page: Page;
    const suiteStarted = Date.now();

    beforeAll(async () => {
      api = await startMockApi({
        seed: 5,
        clusters: [
          { id: 1, name: 'VIP', size: 30 },
          { id: 2, name: 'Atacado', size: 12 },
        ],
        rateLimit: { limit: 6_000, windowMs: 60_000 },
      });
      host = await createN8nHost('installed', packedTarball());
      const connection = { ...api.credentials, baseUrl: api.url };
      await host.importCredentials([
        yampiCredential(good.id, good.name, { ...connection, alias: api.alias }),
        yampiCredential(typo.id, typo.name, { ...connection, alias: 'typo-store' }),
      ]);
      await host.importWorkflows([
        singleNodeWorkflow(GET_MANY, {
          name: 'Yampi',
          type: `${PACKAGE}.yampi`,
          typeVersion: 2,
          parameters: {
            resource: 'clusterCustomer',
            operation: 'getAll',
            clusterId: clusterById(1),
            limit: 5,
          },
          credentials: { yampiApi: good },
        }),
        pollingTriggerWorkflow(JOINS_ONLY, ['joined']),
        pollingTriggerWorkflow(JOINS_AND_LEAVES, ['joined', 'left']),
      ]);
      n8n = await timed('n8n start', () => host.start());
      browser = await openEditorBrowser();
      page = browser.page;
      await timed('owner setup', () => signInAsOwner(page, n8n.url));
    });

    afterAll(async () => {
      await browser?.close();
      await n8n?.stop();
      host?.dispose();
      await api?.close();
      timings.push(`whole suite: ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
      console.log(`Editor browser test, ${runtime.label}:\n  ${timings.join('\n  ')}`);
    });

    it('search finds one Yampi app whose trigger list holds the events trigger', async () => {
      await timed('search', async () => {
        await openNodeCreator(page, n8n.url);
        await page.type('[data-test-id="node-creator-search-bar"]', 'Yampi');
        await page.waitForSelector(`[data-keyboard-nav-id^="${PACKAGE}.yampi-"]`);
        await screenshot(page, 'node-creator-search', debugShots);
        const entries = (await creatorEntries(page)).filter(([type]) => type.startsWith(PACKAGE));
        expect(entries).toEqual([
          [`${PACKAGE}.yampi`, 'Yampi'],
          // n8n puts a trigger under an app only when its type is `<app>Trigger`: the events
          // trigger has that name, the polling trigger has its own entry (README, "In the editor").
          [`${PACKAGE}.yampiClusterTrigger`, 'Yampi Polling'],
        ]);
        await page.click(`[data-keyboard-nav-id^="${PACKAGE}.yampi-"]`);
        await page.waitForSelector(`[data-keyboard-nav-id^="${PACKAGE}.yampiTrigger-"]`);
        await screenshot(page, 'node-creator-app', debugShots);
        const inApp = await creatorEntries(page);
        expect(
          inApp.filter(([type]) => type === `${PACKAGE}.yampiTrigger`).map(([, label]) => label),
        ).toEqual(['On customer joined', 'On customer left', 'On customer updated']);
        expect(inApp.find(([type]) => type === 'Triggers')?.[1]).toMatch(/Triggers \(3\)/);
        expect(inApp.find(([type]) => type === 'Actions')?.[1]).toMatch(/Actions \(3\)/);
      });
    });

    it('the credential test fails on a wrong store alias and passes once it is fixed', async () => {
      await timed('credential test', async () => {
        const dialog = '[data-test-id="credential-edit-dialog"]';
        // The editor tests a credential when it opens it and again when it saves it.
        const nextTestResult = async () => {
          const response = await page.waitForResponse((candidate) =>
            candidate.url().endsWith('/rest/credentials/test'),
          );
          return ((await response.json()) as { data: { status: string; message: string } }).data;
        };
        const opened = nextTestResult();
        await page.goto(`${n8n.url}/home/credentials/${typo.id}`, {
          waitUntil: 'domcontentloaded',
        });
        // The credential's rules name the Store Alias where n8n applies them to the failed
        // request; n8n 2.8 reports its own 404 text instead. Either way the test fails.
        expect(await opened).toMatchObject({
          status: 'Error',
          message: expect.stringMatching(/Store Alias|could not be found/),
        });
        await textOnceItSays(page, dialog, /Couldn.t connect with these settings/);
        await screenshot(page, 'credential-wrong-alias', debugShots);

        const alias = `${dialog} [data-test-id="parameter-input-alias"] input`;
        // Pasted in one input event, as a user pasting the alias would: the field reports its
        // first change at once and later ones only after a pause, so typed keys would leave
        // the first letter in the saved credential if Save came quickly.
        await page.click(alias);
        await page.keyboard.down('Control');
        await page.keyboard.press('KeyA');
        await page.keyboard.up('Control');
        await page.keyboard.sendCharacter(api.alias);
        await page.waitForFunction(
          (css: string, value: string) =>
            document.querySelector<HTMLInputElement>(css)?.value === value,
          {},
          alias,
          api.alias,
        );
        await page.waitForSelector('[data-test-id="credential-save-button"]');
        // Leaving the field commits the value.
        await page.keyboard.press('Tab');
        const saved = nextTestResult();
        await page.click('[data-test-id="credential-save-button"]');
        expect(
          await saved.catch(async (error: unknown) => {
            await screenshot(page, 'credential-save-failed', debugShots);
            throw error;
          }),
        ).toMatchObject({ status: 'OK' });
        await textOnceItSays(page, dialog, /Connection tested successfully/);
        await screenshot(page, 'credential-fixed-alias', debugShots);
        const aliasesTried = api.requests
          .filter((request) => request.route === 'clusters')
          .map((request) => request.alias);
        expect(aliasesTried).toEqual(expect.arrayContaining(['typo-store', api.alias]));
      });
    });

    it('the polling trigger shows the leave settings only when "Customer Left" is selected', async () => {
      await timed('trigger panel', async () => {
        await openNode(page, n8n.url, JOINS_AND_LEAVES, `${JOINS_AND_LEAVES}-trigger`);
        await page.waitForSelector('[data-test-id="parameter-input-maxLeavePercent"]');
        const order = await page.$$eval(
          '[data-test-id="ndv"] [data-test-id^="parameter-input-"]',
          (elements) =>
            elements.map((element) =>
              element.getAttribute('data-test-id')!.replace('parameter-input-', ''),
            ),
        );
        expect(
          order.filter((name) =>
            ['clusterId', 'events', 'maxLeavePercent', 'confirmHeldLeaves'].includes(name),
          ),
        ).toEqual(['clusterId', 'events', 'maxLeavePercent', 'confirmHeldLeaves']);
        await screenshot(page, 'polling-trigger-joins-and-leaves', debugShots);

        await openNode(page, n8n.url, JOINS_ONLY, `${JOINS_ONLY}-trigger`);
        const panel = await textOnceItSays(page, '[data-test-id="ndv"]', /Events/);
        expect(panel).toContain('Yampi Cluster Events Trigger');
        expect(await page.$('[data-test-id="parameter-input-maxLeavePercent"]')).toBeNull();
        expect(await page.$('[data-test-id="parameter-input-confirmHeldLeaves"]')).toBeNull();
        expect(panel).not.toMatch(/Max Leave Percentage|Confirm Held Leaves/);
        await screenshot(page, 'polling-trigger-joins-only', debugShots);
      });
    });

    it('the Yampi node runs Get Many from the editor and shows the customers', async () => {
      await timed('Get Many execution', async () => {
        await openNode(page, n8n.url, GET_MANY, `${GET_MANY}-node`);
        const before = api.requests.length;
        await page.click('[data-test-id="ndv"] [data-test-id="node-execute-button"]');
        const count = await textOnceItSays(page, '[data-test-id="ndv-items-count"]', /\d+ items?/);
        expect(count).toBe('5 items');
        await textOnceItSays(page, '[data-test-id="output-panel"]', /Limit of 5 items reached/);
        // The table of items, once it shows the first customer.
        const firstEmail = api.control.customer(api.control.members(1)[0]!).email;
        const output = await textOnceItSays(
          page,
          '[data-test-id="ndv"]',
          new RegExp(firstEmail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
        );
        for (const id of api.control.members(1).slice(0, 5)) {
          expect(output).toContain(api.control.customer(id).email);
        }
        // Simplify (version 2's default): ISO 8601 dates with their offset.
        expect(output).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-03:00/);
        expect(api.requests.length).toBeGreaterThan(before);
        await screenshot(page, 'get-many-output', debugShots);
      });
    });

    it('nothing left 127.0.0.1, from n8n or from the page', () => {
      expect(blockedConnections(host)).toEqual([]);
      // The page's attempts were aborted; n8n's editor asks api.n8n.io for banners and npm for
      // the community node's details, which is why the page is guarded.
      expect(browser.blocked.every((url) => !url.includes('127.0.0.1'))).toBe(true);
    });
  },
);
