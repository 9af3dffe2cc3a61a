export type { Customer, DookiDate, DookiPhone } from './customer.js';
export {
  CUSTOMER_FIELDS,
  customerField,
  type CustomerField,
  type CustomerFieldKind,
} from './fields.js';
export { checkFieldPaths, fieldReader, readField, type FieldPathRules } from './field-path.js';
export {
  isSecretPath,
  SECRET_CUSTOMER_FIELDS,
  stripSecrets,
  type SecretCustomerField,
} from './secrets.js';
