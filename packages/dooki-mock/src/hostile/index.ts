// `@clusterstream/dooki-mock/hostile`: tiny API servers that misbehave on purpose, for what the
// simulator's fault kinds cannot fake (see behaviours.ts).
export {
  startHostileServer,
  type HostileRequest,
  type HostileServer,
  type HostileServerOptions,
} from './hostile-server.js';
export {
  DEFAULT_TUNING,
  HOSTILE_BEHAVIOURS,
  type HostileBehaviour,
  type HostileTuning,
} from './behaviours.js';
export { customersPageJson, type PageShape } from './page-body.js';
export { refusingPort } from './refusing-port.js';
