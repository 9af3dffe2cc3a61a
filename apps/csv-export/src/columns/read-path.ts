const own = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;

/**
 * Compiles a dotted path (`spreadsheet.data.city`, `tags.0`) into a reader.
 * Missing intermediate objects give `undefined` rather than an error (every
 * customer field is nullable in practice), and only own properties are read,
 * so `constructor` or `__proto__` never leak out of the prototype chain.
 *
 * @example
 * pathReader('phone.full_number')({ phone: { full_number: '5511999990000' } }); // '5511999990000'
 */
export const pathReader = (path: string): ((record: unknown) => unknown) => {
  const segments = path.split('.');
  if (segments.length === 1) {
    const [key = ''] = segments;
    return (record) => own(record, key);
  }
  return (record) => {
    let current: unknown = record;
    for (const segment of segments) current = own(current, segment);
    return current;
  };
};
