import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { openAtomicFile } from './atomic-file.js';

/** Where an export goes: a file path (written atomically) or a stream the caller owns (stdout). */
export type OutputTarget = { file: string } | { stream: Writable };

/** The stages after the CSV stringifier, and what to do when the pipeline ends. */
export interface Destination {
  /** `gzip?` then the sink, in pipeline order. */
  readonly stages: Writable[];
  /** The file path, or `-` for a caller-owned stream. */
  readonly label: string;
  /** False for a caller-owned stream: it stays open after the export. */
  readonly endsSink: boolean;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Opens the output: a temporary file beside the target, or the given stream,
 * behind an optional gzip stage.
 */
export const openDestination = async (
  target: OutputTarget,
  options: { gzip: boolean },
): Promise<Destination> => {
  const compress = options.gzip ? [createGzip()] : [];
  if ('stream' in target) {
    return {
      stages: [...compress, target.stream],
      label: '-',
      endsSink: false,
      commit: () => Promise.resolve(),
      discard: () => {
        for (const stage of compress) stage.destroy();
        return Promise.resolve();
      },
    };
  }
  const file = await openAtomicFile(target.file);
  return {
    stages: [...compress, file.stream],
    label: target.file,
    endsSink: true,
    commit: () => file.commit(),
    discard: async () => {
      for (const stage of compress) stage.destroy();
      await file.discard();
    },
  };
};
