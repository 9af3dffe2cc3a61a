import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { openAtomicFile } from './atomic-file.js';
import { openSplitFiles } from './split-files.js';

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
  /** The files written, in order, once committed (none for a stream). */
  readonly files: readonly string[];
  /** Remarks for the user once committed (e.g. older split files beside the new ones). */
  readonly warnings: readonly string[];
}

/**
 * Opens the output: a temporary file beside the target, or the given stream,
 * behind an optional gzip stage.
 */
export const openDestination = async (
  target: OutputTarget,
  options: { gzip: boolean; rowsPerFile?: number | undefined },
): Promise<Destination> => {
  if ('file' in target && (options.rowsPerFile ?? 0) > 0) {
    const split = await openSplitFiles(target.file, {
      gzip: options.gzip,
      rowsPerFile: options.rowsPerFile ?? 0,
    });
    const files: string[] = [];
    return {
      stages: [split.sink],
      label: target.file,
      endsSink: true,
      files,
      warnings: split.warnings,
      commit: async () => {
        files.push(...(await split.commit()));
      },
      discard: () => split.discard(),
    };
  }
  const compress = options.gzip ? [createGzip()] : [];
  if ('stream' in target) {
    return {
      stages: [...compress, target.stream],
      label: '-',
      endsSink: false,
      files: [],
      warnings: [],
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
    files: [target.file],
    warnings: [],
    commit: () => file.commit(),
    discard: async () => {
      for (const stage of compress) stage.destroy();
      await file.discard();
    },
  };
};
