import { AsciiWriter } from './ascii-writer.js';

/** Idle writers kept for reuse; more only happen with that many pages in flight at once. */
const MAX_IDLE = 8;

/**
 * Recycled page writers. A fresh ~150 KB buffer per page cost more than writing the page (new
 * memory is mapped and faulted in by the kernel on first touch), so each page borrows a writer
 * and gives it back once nothing reads its bytes any more.
 */
export class WriterPool {
  private readonly idle: AsciiWriter[] = [];

  borrow(): AsciiWriter {
    const writer = this.idle.pop() ?? new AsciiWriter();
    writer.reset();
    return writer;
  }

  giveBack(writer: AsciiWriter): void {
    if (this.idle.length < MAX_IDLE && !this.idle.includes(writer)) this.idle.push(writer);
  }
}
