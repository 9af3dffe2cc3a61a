/**
 * Compatibility re-export: code outside src/state that this change may not edit still imports
 * this path. Delete once it imports ./backend.js and ./pool.js instead.
 */
export { PostgresBackend, type PostgresBackendOptions } from './backend.js';
export { postgresPoolConfig } from './pool.js';
