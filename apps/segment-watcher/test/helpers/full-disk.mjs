// Test-only preload (`node --import`): the state file's disk is full. From its first prepared
// statement on, every connection may reuse free pages but never grow the file (SQLite's
// PRAGMA max_page_count), so the first write that needs a new page fails with SQLITE_FULL, as on
// a full disk. Works for any user, root included (unlike a read-only directory).
import Database from 'better-sqlite3';

const prepare = Database.prototype.prepare;
const limited = new WeakSet();
Database.prototype.prepare = function limitedPrepare(...args) {
  if (!limited.has(this)) {
    limited.add(this);
    this.pragma(`max_page_count = ${this.pragma('page_count', { simple: true })}`);
  }
  return prepare.apply(this, args);
};
