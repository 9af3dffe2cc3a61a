import type { IDataObject } from 'n8n-workflow';

/** API records are plain JSON already; this only tells TypeScript so. */
export function toJson(record: object): IDataObject {
  return record as IDataObject;
}
