import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** `parseArgs` in strict mode, its errors turned into a {@link UsageError} (first line only). */
export function parseFlags(argv: readonly string[], options: FlagSpec): FlagValues {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false })
      .values as FlagValues;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? String(error));
  }
}

/** A string flag's value (the last one when repeated), or undefined. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  if (Array.isArray(value)) return value.length === 0 ? undefined : String(value.at(-1));
  return typeof value === 'string' ? value : undefined;
}
