/**
 * `@clusterstream/core/audience`: Yampi customers as Meta Custom Audience and Google Customer
 * Match identifiers, normalized and SHA-256 hashed the way each platform documents. Shared by
 * `dooki-csv --preset` and the n8n node; bundle-safe (no timers, no `process`, no `globalThis`;
 * only `node:crypto`, which n8n's scanner allows).
 */
export {
  AUDIENCE_HASHINGS,
  AUDIENCE_PLATFORMS,
  createAudiencePreparer,
  isAudienceHashing,
  isAudiencePlatform,
  type AudienceField,
  type AudienceFieldKind,
  type AudienceHashing,
  type AudiencePlatform,
  type AudiencePreparer,
  type AudiencePreparerOptions,
} from './audience-layouts.js';
export { normalizeBrazilianPhone } from './brazilian-phone.js';
export { birthYear, googleEmail, lettersOnly, lowerCaseName, normalizeEmail } from './normalize.js';
export { sha256Hex } from './sha256.js';
