import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** What {@link parseFlags} returns for a spec: each flag typed as its spec says. */
export type ParsedFlags<T extends FlagSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

/** `parseArgs` in strict mode, its errors turned into a {@link UsageError} (first line only). */
export function parseFlags<const T extends FlagSpec>(
  argv: readonly string[],
  options: T,
): ParsedFlags<T> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
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
