// A small stand-in for the n8n execution context: just the functions the nodes call, with
// httpRequestWithAuthentication doing real HTTP (to the mock) and adding the credential
// headers the way n8n's generic authentication does, from the credential class itself.
import type {
  ICredentialDataDecryptedObject,
  IDataObject,
  IExecuteFunctions,
  IHttpRequestOptions,
  ILoadOptionsFunctions,
  INode,
  INodeExecutionData,
  IPollFunctions,
} from 'n8n-workflow';
import { authenticate, httpRequest, type TestCredentials } from './n8n-http';

export { resolveCredentialExpression, type TestCredentials } from './n8n-http';

export interface ContextOptions {
  credentials: TestCredentials;
  /** Node parameters; a function gives per-item values. */
  parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);
  inputItems?: INodeExecutionData[];
  continueOnFail?: boolean;
  mode?: 'manual' | 'trigger';
  staticData?: IDataObject;
  nodeType?: string;
  /** The node's `typeVersion` (default 1). */
  typeVersion?: number;
  /** Offered as `getPollBudgetMs` (n8n ≥ 2.38); absent like on older hosts when undefined. */
  pollBudgetMs?: number;
  /** Called with each request before it is sent, e.g. to cancel the execution at a page. */
  onRequest?: (call: HttpCall) => void;
}

export interface HttpCall {
  method: string;
  url: string;
  headers: IDataObject;
}

/**
 * Builds a context usable as IExecuteFunctions, IPollFunctions or ILoadOptionsFunctions.
 *
 * @example
 * const context = createContext({ credentials, parameters: { resource: 'cluster', operation: 'getAll', returnAll: true } });
 * const [items] = await new Yampi().execute.call(context.execute);
 */
export function createContext(options: ContextOptions) {
  const node: INode = {
    id: 'test-node',
    name: 'Yampi',
    type: options.nodeType ?? 'n8n-nodes-yampi-clusters.yampi',
    typeVersion: options.typeVersion ?? 1,
    position: [0, 0],
    parameters: {},
  };
  const staticData = options.staticData ?? {};
  const cancel = new AbortController();
  const calls: HttpCall[] = [];
  const parametersAt = (itemIndex: number) =>
    typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;
  const readParameter = (
    itemIndex: number,
    name: string,
    fallback?: unknown,
    extra?: { extractValue?: boolean },
  ): unknown => {
    const value = parametersAt(itemIndex)[name] ?? fallback;
    if (value === undefined) throw new Error(`Could not get parameter "${name}"`);
    if (extra?.extractValue && typeof value === 'object' && value !== null && 'value' in value) {
      return value.value;
    }
    return value;
  };

  const base = {
    getNode: () => node,
    getCredentials: async (type: string) => {
      if (type !== 'yampiApi') throw new Error(`unexpected credential type ${type}`);
      return Promise.resolve({
        ...options.credentials,
      } as unknown as ICredentialDataDecryptedObject);
    },
    getInputData: () => options.inputItems ?? [{ json: {} }],
    continueOnFail: () => options.continueOnFail ?? false,
    getMode: () => options.mode ?? 'trigger',
    getWorkflowStaticData: () => staticData,
    getExecutionCancelSignal: () => cancel.signal,
    helpers: {
      async httpRequestWithAuthentication(
        this: unknown,
        credentialType: string,
        requestOptions: IHttpRequestOptions,
      ) {
        if (credentialType !== 'yampiApi')
          throw new Error(`unexpected credential ${credentialType}`);
        const call: HttpCall = {
          method: requestOptions.method ?? 'GET',
          url: requestOptions.url,
          headers: { ...(requestOptions.headers ?? {}) },
        };
        calls.push(call);
        options.onRequest?.(call);
        // n8n swaps in the execution's cancel signal, dropping the caller's own.
        const withSignal = { ...requestOptions, abortSignal: cancel.signal };
        return httpRequest(authenticate(withSignal, options.credentials), node);
      },
    },
  };

  const execute = {
    ...base,
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, extra?: object) =>
      readParameter(itemIndex, name, fallback, extra),
  } as unknown as IExecuteFunctions;
  const poll = {
    ...base,
    ...(options.pollBudgetMs !== undefined && { getPollBudgetMs: () => options.pollBudgetMs }),
    getNodeParameter: (name: string, fallback?: unknown, extra?: object) =>
      readParameter(0, name, fallback, extra),
  } as unknown as IPollFunctions;
  const loadOptions = poll as unknown as ILoadOptionsFunctions;
  return { execute, poll, loadOptions, staticData, calls, cancel, node };
}
