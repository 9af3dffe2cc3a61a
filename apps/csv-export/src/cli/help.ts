import { API_FLAGS_HELP } from '@clusterstream/cli-kit';

/** `dooki-csv --help`. Keep in step with the README's options table. */
export const HELP_TEXT = `dooki-csv: export the customers of Yampi (Dooki API) clusters to CSV

Usage:
  dooki-csv --alias <store> --cluster <id>[,<id>...] [options]
  dooki-csv --alias <store> --all-clusters [options]

Credentials come from DOOKI_USER_TOKEN and DOOKI_USER_SECRET_KEY.

Options:
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
      --preset <name>       an ad platform's customer file instead of --columns:
                            meta-audience (Meta Custom Audience) or
                            google-customer-match (Google Customer Match)
      --hash <sha256|none>  with --preset: SHA-256 of the normalized values (default)
                            or the normalized values unhashed
      --rows-per-file <n>   with --preset: numbered files of at most n records
                            (meta-audience: 10000, Meta's upload limit; 0: one file)
      --include-secrets     allow the secret fields token and login_url
      --limit <n>           stop after n rows in total
      --allow-incomplete    write the file even when the scan is incomplete or the
                            cluster changed while it was read (warns what is wrong)
      --progress            show progress even when stderr is not a terminal
  -q, --quiet               no progress and no summary line
  -h, --help                show this help
  -V, --version             show the version

${API_FLAGS_HELP}
Examples:
  dooki-csv --alias my-store --cluster 12 --out vip.csv
  dooki-csv --alias my-store --cluster 12,13 --format excel-br --out vip.csv
  dooki-csv --alias my-store --all-clusters --gzip --out clusters.csv.gz
  dooki-csv --alias my-store --cluster 12 --columns 'id,name,email,phone.full_number!raw:Telefone' | head
  dooki-csv --alias my-store --cluster 12 --preset meta-audience --out vip-meta.csv

Exit codes: 0 ok, 1 other failure (e.g. cannot write the file), 2 usage,
3 authentication/forbidden, 4 cluster or store not found, 5 API failure
(after retries where retrying helps) or an incomplete/inconsistent scan,
9 the API answered with a redirect (never followed), 130 interrupted.
`;
