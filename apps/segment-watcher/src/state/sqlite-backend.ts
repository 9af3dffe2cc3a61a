/**
 * Compatibility re-export: code outside src/state that this change may not edit still imports
 * this path. Delete once it imports ./sqlite/backend.js instead.
 */
export { SqliteBackend } from './sqlite/backend.js';
