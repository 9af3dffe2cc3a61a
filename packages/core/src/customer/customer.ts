/** A `{date, timezone, timezone_type}` timestamp as the API serializes PHP dates. */
export interface DookiDate {
  date: string | null;
  timezone: string | null;
  timezone_type: number | null;
}

/** A customer's phone as the API serves it; every part is a string or null. */
export interface DookiPhone {
  area_code?: string | null;
  number?: string | null;
  full_number?: string | null;
  formated_number?: string | null;
  whatsapp_link?: string | null;
  [field: string]: unknown;
}

/**
 * A customer of a cluster. Every documented field is typed and nullable (the docs only
 * partly say which are); fields the docs do not know are preserved as `unknown`.
 * `token` and `login_url` are secrets: see `stripSecrets`.
 */
export interface Customer {
  id: number;
  merchant_id?: number | null;
  marketplace_id?: number | null;
  cluster_id?: number | null;
  active?: boolean | null;
  type?: 'f' | 'j' | (string & {}) | null;
  name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  generic_name?: string | null;
  email?: string | null;
  cpf?: string | null;
  cnpj?: string | null;
  razao_social?: string | null;
  state_registration?: string | null;
  birthday?: string | null;
  phone?: DookiPhone | null;
  newsletter?: boolean | null;
  whatsapp?: boolean | null;
  social_driver?: string | null;
  social_id?: number | null;
  ip?: string | null;
  token?: string | null;
  login_url?: string | null;
  utm_source?: string | null;
  utm_campaign?: string | null;
  notes?: string | null;
  anonymized?: boolean | null;
  spreadsheet?: { data?: Record<string, unknown> | null; [field: string]: unknown } | null;
  created_at?: DookiDate | null;
  updated_at?: DookiDate | null;
  [field: string]: unknown;
}
