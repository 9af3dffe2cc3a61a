/**
 * Compatibility re-export: code outside src/state that this change may not edit still imports
 * this path. Delete once it imports ./errors.js and ./sqlite/migrations.js instead.
 */
export { StateFileError, StateVersionError } from './errors.js';
export { SCHEMA_VERSION } from './sqlite/migrations.js';
