/**
 * Compatibility re-export: code outside src/state that this change may not edit still imports
 * this path. Delete once it imports ./errors.js instead.
 */
export { StateWriteError } from './errors.js';
