// JSON as PHP's json_encode writes it by default (the real API is a Laravel app): every non-ASCII
// character escaped as \uXXXX. Parsers see the same values; the simulator gains pure-ASCII bodies,
// whose byte length is their string length and which go to the socket as a plain copy.

const NON_ASCII = /[\u0080-\uffff]/g;
const escape = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `value` serialised to ASCII-only JSON. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, escape);
}

/** The inside of a JSON string literal for `text` (no quotes), ASCII only. */
export function jsonText(text: string): string {
  return phpJson(text).slice(1, -1);
}
