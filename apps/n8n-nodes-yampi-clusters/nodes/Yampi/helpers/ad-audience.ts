import type { Customer } from '@clusterstream/core';
import { createAudiencePreparer, type AudiencePlatform } from '@clusterstream/core/audience';
import type { IDataObject } from 'n8n-workflow';

/** The "Prepare for Ad Audience" choices: off, or the platform whose customer file to mirror. */
export type AdAudienceOption = 'off' | AudiencePlatform;

/**
 * A customer → item function for an ad platform, or undefined when the option is off. Items
 * carry exactly the columns `dooki-csv --preset` writes (`email`, `phone`, `fn`... for Meta;
 * `Email`, `Phone`, `First Name`... for Google), normalized by the same module
 * (`@clusterstream/core/audience`) and SHA-256 hashed unless `hash` is false. Nothing else of
 * the customer is kept, so no raw email or phone leaves the node when hashing is on.
 *
 * @example
 * audienceShaper('meta', true)?.(customer); // { email: '<sha256>', phone: '<sha256>', ... }
 */
export function audienceShaper(
  option: AdAudienceOption | undefined,
  hash: boolean,
): ((customer: Customer) => IDataObject) | undefined {
  if (option === undefined || option === 'off') return undefined;
  const preparer = createAudiencePreparer(option, { hashing: hash ? 'sha256' : 'none' });
  return (customer) => preparer.record(customer);
}
