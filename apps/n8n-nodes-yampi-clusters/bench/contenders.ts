// The benchmark's contenders and its report table.
import type { MockApi } from '@clusterstream/dooki-mock';
import type { ExecutionOutcome } from '../e2e/n8n-host';

export interface Row {
  contender: string;
  wallSeconds: number;
  outcome: string;
  customers: number;
  requests: number;
  rejected429: number;
}

/** The HTTP Request node configured the way its docs suggest for page-numbered APIs. */
export function httpRequestNode(
  api: MockApi,
  credential: { id: string; name: string },
  requestIntervalMs: number,
) {
  return {
    name: 'HTTP Request',
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    credentials: { yampiApi: credential },
    parameters: {
      method: 'GET',
      url: `${api.url}/${api.alias}/customers/clusters/1/customers`,
      authentication: 'predefinedCredentialType',
      nodeCredentialType: 'yampiApi',
      sendQuery: true,
      queryParameters: {
        parameters: [
          { name: 'limit', value: '100' },
          { name: 'skipCache', value: 'true' },
        ],
      },
      options: {
        pagination: {
          pagination: {
            paginationMode: 'updateAParameterInEachRequest',
            parameters: {
              parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }],
            },
            paginationCompleteWhen: 'other',
            completeExpression:
              '={{ $response.body.meta.pagination.current_page >= $response.body.meta.pagination.total_pages }}',
            requestInterval: requestIntervalMs,
          },
        },
      },
    },
  };
}

export function customersIn(run: ExecutionOutcome, node: string): number {
  const items = run.items[node] ?? [];
  // The HTTP Request node returns one item per page (a 429 body has no `data`); the Yampi
  // node one item per customer.
  return items.reduce(
    (sum, { json }) =>
      sum + (Array.isArray(json.data) ? json.data.length : typeof json.id === 'number' ? 1 : 0),
    0,
  );
}

export function printTable(rows: Row[], expectedCustomers: number): void {
  const [ours, paged, paced] = rows as [Row, Row, Row];
  console.log('\n| contender | wall (s) | outcome | customers | requests | 429s |');
  console.log('|---|---:|---|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.contender} | ${row.wallSeconds.toFixed(1)} | ${row.outcome} | ${row.customers} | ${row.requests} | ${row.rejected429} |`,
    );
  }
  const ratio = paced.outcome === 'success' ? ours.wallSeconds / paced.wallSeconds : Number.NaN;
  const goals = [
    [
      'Yampi node: all customers, zero 429s',
      `${ours.customers} customers, ${ours.rejected429} × 429`,
      ours.customers === expectedCustomers && ours.rejected429 === 0 && ours.outcome === 'success',
    ],
    ['Yampi node vs hand-paced HTTP Request: wall-time ratio ≤ 1.0', ratio.toFixed(2), ratio <= 1],
    [
      '(reference) HTTP Request pagination without pacing: all customers',
      paged.outcome,
      paged.customers === expectedCustomers,
    ],
  ] as const;
  console.log('\n| goal | measured | result |');
  console.log('|---|---|---|');
  for (const [goal, measured, pass] of goals)
    console.log(`| ${goal} | ${measured} | ${pass ? 'PASS' : 'MISS'} |`);
  if (!goals[0][2]) process.exitCode = 1;
}
