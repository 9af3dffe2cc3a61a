export { startMockApi, type MockApi, type MockStore } from './server.js';
export {
  generateStores,
  storeCredentials,
  storeSeed,
  type GenerateStoresOptions,
} from './store-generator.js';
export type { MockControl } from './control.js';
export type { Customer, CustomerPhone, DookiDate, SpreadsheetData } from './customer-types.js';
export type { Cluster } from './bodies.js';
export { isValidCnpj, isValidCpf } from './documents.js';
export { DEFAULT_ALIAS, DEFAULT_CLUSTERS, DEFAULT_CREDENTIALS, DEFAULT_QUIRKS } from './state.js';
export { DEFAULT_RATE_LIMIT } from './rate-limiter.js';
export { DEFAULT_LIMIT, MAX_LIMIT } from './pagination.js';
export type * from './types.js';
