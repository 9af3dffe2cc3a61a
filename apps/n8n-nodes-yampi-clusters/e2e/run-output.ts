// What `n8n execute --rawOutput` prints, turned into something a test can assert on.

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecutionOutcome {
  code: number;
  status: string;
  /** When n8n started and finished running the workflow (ISO), boot time excluded. */
  startedAt: string;
  stoppedAt: string;
  /** Output items of each node, by node name (first run, first output). */
  items: Record<string, Array<{ json: Record<string, unknown>; pairedItem?: unknown }>>;
  error?: { message: string; description?: string; httpCode?: string; nodeType?: string };
  raw: string;
}

/** `execute --rawOutput` prints log lines, then the run as pretty JSON starting at a lone `{`. */
export function parseExecution({ code, stdout, stderr }: CliResult): ExecutionOutcome {
  const lines = stdout.split('\n');
  const start = lines.indexOf('{');
  const end = start < 0 ? -1 : lines.indexOf('}', start);
  if (start < 0 || end < 0) {
    throw new Error(`n8n printed no run data (exit ${code}):\n${stdout}\n${stderr}`);
  }
  const run = JSON.parse(lines.slice(start, end + 1).join('\n')) as RunJson;
  const items: ExecutionOutcome['items'] = {};
  for (const [node, runs] of Object.entries(run.data.resultData.runData)) {
    items[node] = runs[0]?.data?.main?.[0] ?? [];
  }
  const error = run.data.resultData.error;
  return {
    code,
    status: run.status,
    startedAt: run.startedAt,
    stoppedAt: run.stoppedAt,
    items,
    ...(error && {
      error: {
        message: error.message,
        description: error.description,
        httpCode: error.httpCode,
        nodeType: error.node?.type,
      },
    }),
    raw: stdout,
  };
}

interface RunJson {
  status: string;
  startedAt: string;
  stoppedAt: string;
  data: {
    resultData: {
      runData: Record<string, Array<{ data?: { main?: ExecutionOutcome['items'][string][] } }>>;
      error?: {
        message: string;
        description?: string;
        httpCode?: string;
        node?: { type?: string };
      };
    };
  };
}
