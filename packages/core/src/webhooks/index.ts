// Standard Webhooks signing and verification, shared by `dooki-watch` (which signs its deliveries)
// and the n8n events trigger (which verifies them). Depends on node:crypto only: no rxjs, no
// timers, no globals, so the n8n bundle can carry it past n8n's community-package scanner.
export {
  decodeWebhookSecret,
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
  type VerifyWebhookOptions,
  type WebhookHeaders,
  type WebhookVerificationReason,
} from './standard-webhooks.js';
