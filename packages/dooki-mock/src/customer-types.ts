// The customer object as the Dooki API v2 serves it (docs schema plus observed fields).

/** PHP DateTime as the Dooki API serialises it. */
export interface DookiDate {
  date: string;
  timezone_type: 3;
  timezone: 'America/Sao_Paulo';
}

/** A customer exactly as served by the mock (every field of the real API's schema). */
export interface Customer {
  id: number;
  merchant_id: number;
  marketplace_id: number | null;
  active: boolean;
  type: 'f' | 'j';
  cluster_id: number | null;
  name: string;
  first_name: string;
  last_name: string;
  generic_name: string;
  cpf: string | null;
  spreadsheet: { data: SpreadsheetData };
  phone: CustomerPhone;
  razao_social: string | null;
  cnpj: string | null;
  state_registration: string | null;
  email: string;
  birthday: string | null;
  newsletter: boolean;
  whatsapp: boolean;
  social_driver: string | null;
  social_id: number | null;
  ip: string;
  token: string;
  utm_source: string | null;
  utm_campaign: string | null;
  notes: string | null;
  login_url: string;
  anonymized: boolean;
  created_at: DookiDate;
  updated_at: DookiDate;
}

export interface CustomerPhone {
  area_code: string;
  full_number: string;
  number: string;
  formated_number: string;
  whatsapp_link: string;
}

export interface SpreadsheetData {
  brands: string;
  city: string;
  purchased_brands: string;
  last_order_date: DookiDate;
  last_order_value: string;
  purchased_categories: string;
  number: string;
  uf: string;
  phone: string;
  street: string;
  phone_number: string;
  categories: string;
  neighborhood: string;
  complement: string;
  phone_code: string;
}

/** Store-level inputs of customer generation. */
export interface CustomerContext {
  seed: number;
  alias: string;
  merchantId: number;
}
