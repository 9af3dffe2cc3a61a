import { judgeScan, type Customer } from '@clusterstream/core';
import {
  NodeOperationError,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
} from 'n8n-workflow';
import { audienceShaper, type AdAudienceOption } from '../../helpers/ad-audience';
import { shapeCustomer, type CustomerOutputOptions } from '../../helpers/customer-output';
import { readScan } from '../../../shared/read-scan';
import type { YampiClient } from '../../transport/client';
import { clusterLocator, paginationFields, readClusterId, readMaxItems } from '../common';

const show = { resource: ['clusterCustomer'], operation: ['getAll'] };
// Version 1 kept every output choice in Options (Simplify off by default); version 2 puts them
// at the top level, Simplify on, as n8n's own nodes do. Saved version 1 nodes keep their panel
// and their output (n8n stores only non-default values, so a new default would change them).
const showV1 = { ...show, '@version': [1] };
const showV2 = { ...show, '@version': [2] };

interface Options extends CustomerOutputOptions {
  pageSize?: number;
  adAudience?: AdAudienceOption;
  hashAudienceIdentifiers?: boolean;
}

const hashAudienceIdentifiers: INodeProperties = {
  displayName: 'Hash Audience Identifiers',
  name: 'hashAudienceIdentifiers',
  type: 'boolean',
  default: true,
  description:
    'Whether Prepare for Ad Audience outputs SHA-256 hashes of the normalized values (what Meta and Google expect) or the normalized values themselves, for a destination that hashes them',
};

const includeSecretFields: INodeProperties = {
  displayName: 'Include Secret Fields',
  name: 'includeSecretFields',
  type: 'boolean',
  default: false,
  description:
    'Whether to keep each customer’s "token" and "login_url". Anyone holding them can sign in to the storefront as that customer, so they are removed by default.',
};

const pageSize: INodeProperties = {
  displayName: 'Page Size',
  name: 'pageSize',
  type: 'number',
  default: 100,
  typeOptions: { minValue: 1, maxValue: 100 },
  description:
    'Customers per API request (Yampi allows at most 100). Fewer requests means less of the rate limit used.',
};

const adAudience: INodeProperties = {
  displayName: 'Prepare for Ad Audience',
  name: 'adAudience',
  type: 'options',
  default: 'off',
  options: [
    { name: 'Off', value: 'off', description: 'Output the customer records' },
    {
      name: 'Meta Custom Audience',
      value: 'meta',
      description:
        'One item per customer with Meta customer-file fields: email, phone, fn, ln, ct, st, country, doby',
    },
    {
      name: 'Google Customer Match',
      value: 'google',
      description:
        'One item per customer with Google Customer Match fields: Email, Phone, First Name, Last Name, Country, Zip',
    },
  ],
  description:
    'Output each customer as the normalized, SHA-256 hashed identifiers an ad platform matches on (the same fields as dooki-csv --preset). Replaces the record: no raw email or phone is output.',
};

/** Simplify as node version 2 has it: top level, on by default (n8n's lint wants the literal). */
const simplifyOn: INodeProperties = {
  displayName: 'Simplify',
  name: 'simplify',
  type: 'boolean',
  default: true,
  description:
    'Whether to return a flat subset of the fields (ID, name, email, phone, type, status, cluster, consent flags, dates) instead of the full record',
};
/** Version 1's: an option, off unless added. */
const simplifyOff: INodeProperties = { ...simplifyOn, default: false };

const optionsCollection = (
  displayOptions: INodeProperties['displayOptions'],
  options: INodeProperties[],
): INodeProperties => ({
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add Option',
  default: {},
  displayOptions,
  options,
});

export const description: INodeProperties[] = [
  clusterLocator({ show }),
  ...paginationFields({ show }),
  { ...simplifyOn, displayOptions: { show: { ...showV2, adAudience: ['off'] } } },
  { ...adAudience, displayOptions: { show: showV2 } },
  // Hashing only means something for an audience: it is offered beside it, not on its own.
  {
    ...hashAudienceIdentifiers,
    displayOptions: { show: { ...showV2, adAudience: ['meta', 'google'] } },
  },
  optionsCollection({ show: showV2 }, [includeSecretFields, pageSize]),
  optionsCollection({ show: showV1 }, [
    hashAudienceIdentifiers,
    includeSecretFields,
    pageSize,
    adAudience,
    simplifyOff,
  ]),
];

/** The output choices, wherever this node version keeps them. */
function readOptions(context: IExecuteFunctions, itemIndex: number): Options {
  const options = context.getNodeParameter('options', itemIndex, {}) as Options;
  if (context.getNode().typeVersion < 2) return options;
  const audience = context.getNodeParameter('adAudience', itemIndex, 'off') as AdAudienceOption;
  return {
    ...options,
    isoDates: true,
    adAudience: audience,
    simplify:
      audience === 'off' && (context.getNodeParameter('simplify', itemIndex, true) as boolean),
    hashAudienceIdentifiers:
      audience === 'off' ||
      (context.getNodeParameter('hashAudienceIdentifiers', itemIndex, true) as boolean),
  };
}

/** Cluster Customer › Get Many: one item per member of the cluster, in ascending id order. */
export async function execute(
  this: IExecuteFunctions,
  { client }: YampiClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const clusterId = readClusterId(this, itemIndex);
  const maxItems = readMaxItems(this, itemIndex);
  const options = readOptions(this, itemIndex);
  // No point asking for 100 customers when the limit is 5.
  const pageSize = Math.min(options.pageSize ?? 100, maxItems ?? 100);
  const toAudience = audienceShaper(options.adAudience, options.hashAudienceIdentifiers ?? true);
  const toJson = (customer: Customer) =>
    toAudience ? toAudience(customer) : shapeCustomer(customer, options);
  const items: INodeExecutionData[] = [];
  // With a Limit, core's `maxItems` ends the scan at the page that completes it: no page
  // beyond is requested and the read-ahead is aborted, so memory is bounded by the Limit.
  const pages = client.clusterCustomerPages(clusterId, {
    pageSize,
    ...(maxItems !== undefined && { maxItems }),
    signal: this.getExecutionCancelSignal(),
  });
  const summary = await readScan(pages, (page) => {
    for (const customer of page.items) {
      items.push({ json: toJson(customer), pairedItem: { item: itemIndex } });
    }
  });
  // A list that is not the cluster (an empty or short page, ids short of the total) or not one
  // moment of it (members moved while reading: former members in, current ones out) must not
  // reach the next node looking whole: core's one verdict decides, as for dooki-csv.
  const verdict = judgeScan(summary);
  if (!verdict.complete || !verdict.consistent) {
    throw new NodeOperationError(
      this.getNode(),
      `Cluster ${clusterId}: scan ${verdict.complete ? 'inconsistent' : 'incomplete'}: ${verdict.reasons.join('; ')}`,
      {
        itemIndex,
        description:
          'Yampi served pages that do not add up to one moment of the cluster (members joined or left while it was read, or the API returned inconsistent pages). Run the node again; if it keeps failing, the API is returning inconsistent pages.',
      },
    );
  }
  return items;
}
