export { UsageError } from './usage-error.js';
export { dookiErrorCode, EXIT_CODES, sharedExitCode, type SharedExitCode } from './exit-codes.js';
export {
  parseFlags,
  stringFlag,
  type FlagSpec,
  type FlagValues,
  type ParsedFlags,
} from './flags.js';
export { parseClusterIds, parseDuration, parseInteger, parseRateLimit } from './parse-values.js';
export {
  ENVIRONMENT,
  readCredential,
  readEnvironment,
  secretFlagWarning,
  type EnvironmentName,
} from './environment.js';
export {
  API_FLAGS,
  API_FLAGS_HELP,
  parseApiSettings,
  TRANSPORT_NAMES,
  type ApiSettings,
  type ApiSettingsPolicy,
  type TransportName,
} from './api-settings.js';
export { printWarnings, reportUsageError, runMain, type CliIo } from './run-main.js';
