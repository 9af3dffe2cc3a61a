/** `dooki-csv --help`. Keep in step with the README's options table. */
export const HELP_TEXT = `dooki-csv: export the customers of Yampi (Dooki API) clusters to CSV

Usage:
  dooki-csv --alias <store> --cluster <id>[,<id>...] [options]
  dooki-csv --alias <store> --all-clusters [options]

Credentials come from DOOKI_USER_TOKEN and DOOKI_USER_SECRET_KEY.

Options:
  -a, --alias <store>       store alias (the name in https://api.dooki.com.br/v2/<store>)
  -c, --cluster <ids>       cluster id(s), comma-separated or repeated
      --all-clusters        every cluster of the store (adds a cluster_id column)
  -o, --out <file|->        output file, written atomically; "-" for stdout
                            (default: stdout when it is not a terminal)
      --columns <spec>      comma-separated dotted paths, each optionally followed by
                            !raw (no formula escaping) and :Header; keywords "default"
                            and "all" (every non-secret field, flattened)
  -f, --format <name>       rfc4180 (default: "," ISO dates) or excel-br (";" BOM,
                            dd/mm/aaaa, decimal comma, Portuguese headers)
  -z, --gzip                gzip the output
      --include-secrets     allow the secret fields token and login_url
      --limit <n>           stop after n rows in total
      --page-size <n>       customers per request, 1-100 (default 100)
      --base-url <url>      API base URL (default https://api.dooki.com.br/v2)
      --user-token <t>      credential flags (visible in process lists: prefer the env vars)
      --user-secret-key <k>
      --progress            show progress even when stderr is not a terminal
  -q, --quiet               no progress and no summary line
  -h, --help                show this help
  -V, --version             show the version

Examples:
  dooki-csv --alias my-store --cluster 12 --out vip.csv
  dooki-csv --alias my-store --cluster 12,13 --format excel-br --out vip.csv
  dooki-csv --alias my-store --all-clusters --gzip --out clusters.csv.gz
  dooki-csv --alias my-store --cluster 12 --columns 'id,name,email,phone.full_number!raw:Telefone' | head

Exit codes: 0 ok, 1 other failure (e.g. cannot write the file), 2 usage,
3 authentication/forbidden, 4 cluster or store not found,
5 API or network failure after retries, 130 interrupted.
`;
