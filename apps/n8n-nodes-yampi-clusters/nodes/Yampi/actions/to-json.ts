import type { IDataObject } from 'n8n-workflow';
import { withIsoDates } from '../helpers/iso-dates';

/**
 * An API record as an item's JSON (it is plain JSON already). From node version 2 on, Yampi's
 * `{date, timezone, timezone_type}` timestamps become ISO 8601 strings with their offset.
 */
export function toJson(record: object, nodeVersion: number): IDataObject {
  return (nodeVersion >= 2 ? withIsoDates(record) : record) as IDataObject;
}
