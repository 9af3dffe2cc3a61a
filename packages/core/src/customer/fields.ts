import { isSecretPath } from './secrets.js';

/**
 * How a field's value is shaped: `number` fields may arrive as numeric strings, `date`
 * fields are `YYYY-MM-DD` text, `datetime` fields are `{date, timezone, timezone_type}`
 * objects, `list` fields are several names (comma-separated text as the API serves them, or
 * an array); `text` and `boolean` come as they are. Every field may also be null or missing.
 */
export type CustomerFieldKind = 'number' | 'boolean' | 'text' | 'date' | 'datetime' | 'list';

/** One leaf field of the customer object, as documented by Yampi (plus observed dates). */
export interface CustomerField {
  /** Dotted path from the customer object (`phone.full_number`). */
  readonly path: string;
  readonly kind: CustomerFieldKind;
  /** The Portuguese label shops know the field by (the admin's wording). */
  readonly label: string;
  /** True for `token` and `login_url`: never logged, exported or emitted by default. */
  readonly secret: boolean;
}

const field = (path: string, kind: CustomerFieldKind, label: string): CustomerField => ({
  path,
  kind,
  label,
  secret: isSecretPath(path),
});

/**
 * THE customer model: every leaf field of a cluster customer, in a stable, readable order
 * (identity, contact, consent, origin, dates, address). Exporters derive their columns and
 * headers from it, the watcher validates payload fields against it, and a test checks the
 * simulator's generator against it.
 */
export const CUSTOMER_FIELDS: readonly CustomerField[] = [
  field('id', 'number', 'ID'),
  field('merchant_id', 'number', 'ID da loja'),
  field('marketplace_id', 'number', 'ID do marketplace'),
  field('cluster_id', 'number', 'ID do cluster'),
  field('active', 'boolean', 'Ativo'),
  field('type', 'text', 'Tipo de pessoa'),
  field('name', 'text', 'Nome'),
  field('first_name', 'text', 'Primeiro nome'),
  field('last_name', 'text', 'Sobrenome'),
  field('generic_name', 'text', 'Nome genérico'),
  field('email', 'text', 'E-mail'),
  field('cpf', 'text', 'CPF'),
  field('razao_social', 'text', 'Razão social'),
  field('cnpj', 'text', 'CNPJ'),
  field('state_registration', 'text', 'Inscrição estadual'),
  field('birthday', 'date', 'Data de nascimento'),
  field('phone.area_code', 'text', 'DDD'),
  field('phone.number', 'text', 'Número do telefone'),
  field('phone.full_number', 'text', 'Telefone'),
  field('phone.formated_number', 'text', 'Telefone formatado'),
  field('phone.whatsapp_link', 'text', 'Link do WhatsApp'),
  field('newsletter', 'boolean', 'Newsletter'),
  field('whatsapp', 'boolean', 'WhatsApp'),
  field('social_driver', 'text', 'Rede social'),
  field('social_id', 'number', 'ID social'),
  field('ip', 'text', 'IP'),
  field('utm_source', 'text', 'Origem UTM'),
  field('utm_campaign', 'text', 'Campanha UTM'),
  field('notes', 'text', 'Observações'),
  field('anonymized', 'boolean', 'Anonimizado'),
  field('token', 'text', 'Token'),
  field('login_url', 'text', 'URL de login'),
  field('created_at', 'datetime', 'Criado em'),
  field('updated_at', 'datetime', 'Atualizado em'),
  field('spreadsheet.data.street', 'text', 'Rua'),
  field('spreadsheet.data.number', 'text', 'Número'),
  field('spreadsheet.data.complement', 'text', 'Complemento'),
  field('spreadsheet.data.neighborhood', 'text', 'Bairro'),
  field('spreadsheet.data.city', 'text', 'Cidade'),
  field('spreadsheet.data.uf', 'text', 'UF'),
  field('spreadsheet.data.phone_code', 'text', 'DDD (planilha)'),
  field('spreadsheet.data.phone_number', 'text', 'Telefone (planilha)'),
  field('spreadsheet.data.phone', 'text', 'Telefone completo (planilha)'),
  field('spreadsheet.data.last_order_date', 'datetime', 'Data do último pedido'),
  field('spreadsheet.data.last_order_value', 'number', 'Valor do último pedido'),
  field('spreadsheet.data.brands', 'list', 'Marcas'),
  field('spreadsheet.data.purchased_brands', 'list', 'Marcas compradas'),
  field('spreadsheet.data.categories', 'list', 'Categorias'),
  field('spreadsheet.data.purchased_categories', 'list', 'Categorias compradas'),
];

const BY_PATH = new Map(CUSTOMER_FIELDS.map((entry) => [entry.path, entry]));

/** The schema entry for a dotted path, if the path is a documented leaf field. */
export const customerField = (path: string): CustomerField | undefined => BY_PATH.get(path);
