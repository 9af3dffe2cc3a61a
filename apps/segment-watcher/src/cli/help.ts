import { API_FLAGS_HELP } from '@clusterstream/cli-kit';

/** `dooki-watch --help`. Kept in sync with the README's option table. */
export const HELP = `dooki-watch: customers joining and leaving Yampi clusters, as events

Usage:
  dooki-watch --alias <store> (--cluster <id>[,<id>...] | --all-clusters) [--once | --interval <dur>] [options]
  dooki-watch status [--state <file|url>] [--json]
  dooki-watch fleet --config fleet.yaml [--state postgres://…]   (see dooki-watch fleet --help)
  dooki-watch replay --since <ISO time | duration> [--state <file|url>] [--out <file|->] [--webhook <url>]

Credentials come from DOOKI_USER_TOKEN and DOOKI_USER_SECRET_KEY.

Scanning:
  --cluster <ids>             cluster id(s), comma separated
  --all-clusters              every cluster of the store
  --once                      one scan per cluster, deliver, exit (default)
  --interval <dur>            daemon: repeat every <dur> (30s, 15m, 1h)
  --state <file|url>          SQLite state file, or postgres://… database (default
                              $DOOKI_WATCH_DATABASE_URL, else ./dooki-watch.db)
  --emit-initial              emit customer.joined for the first scan (default: silent baseline)
  --confirm-scans <n>         absences before customer.left (default 2)
  --max-leave-percent <p>     breaker: hold leaves when more than p% are absent (default 15)
  --breaker-scans <n>         extra absences that release held leaves anyway (default 2)
  --accept-mass-change        release the leaves the breaker holds
  --fields <list>             payload fields besides id (default name,email; never token/login_url)
  --track-updates <list>      emit customer.updated when these fields change
  --total-tolerance <n>       allowed |unique ids - total| for a complete scan (default 0)

Delivery:
  --out <file|->              append NDJSON to a file, or - for stdout (default stdout)
  --webhook <url>             POST each event (Standard Webhooks); secret in DOOKI_WATCH_WEBHOOK_SECRET
                              (--webhook-secret works too, with a warning: process lists show it)
  --webhook-timeout <ms>      per attempt (default 15000)
  --webhook-retries <n>       retries per event within one run (default 5)
  --webhook-retry-delay <ms>  first backoff, doubling with jitter (default 1000)
  --reenable-webhook          clear a 410 Gone that disabled the endpoint
  --allow-insecure-http       accept plain http:// (--webhook, --base-url) to hosts other than this
                              machine; without it they are refused (names and emails would travel
                              unencrypted)
  -q, --quiet                 only incomplete scans and failures on stderr

${API_FLAGS_HELP}
Exit codes:
  0 ok   2 usage   3 auth/forbidden   4 store or cluster not found   5 scan incomplete
  6 delivery failed (events kept)   7 leaves held by the breaker
  8 the state (file or database) cannot be written (disk full, read-only, I/O error,
    connection lost; also ends a daemon)
  9 the API answered with a redirect (never followed: check --base-url)
  130 interrupted   1 bug

Examples:
  DOOKI_USER_TOKEN=... DOOKI_USER_SECRET_KEY=... dooki-watch --alias my-store --cluster 7 --once
  dooki-watch --alias my-store --all-clusters --interval 15m --out events.ndjson
  dooki-watch status
  dooki-watch replay --since 24h --out -
`;
