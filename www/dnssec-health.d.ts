// Types of the dnssec-health JavaScript API (./pkg/dnssec_health.js) and its JSON reports.
// The reports are exactly the documents of `dnssec-health check --json` and
// `dnssec-health order --json`; README.md ("JSON report") describes every field.

export type Status = "SECURE" | "INSECURE" | "BOGUS" | "INDETERMINATE";
export type ErrorCode =
  | "DNSKEY_MISSING"
  | "DNSSEC_BOGUS"
  | "NSEC_MISSING"
  | "RSIGS_MISSING"
  | "IO_EXCEPTION"
  | "OTHER";

export interface CheckOptions {
  /** DoH URLs tried in order on transport failure; default defaultResolvers(). */
  resolvers?: string | string[];
  /** DS or DNSKEY records in zone-file syntax; default the IANA root trust anchors. */
  trustAnchor?: string;
  /** Validation time, unix seconds; default the current time. */
  now?: number;
  /** Record types, default ["A"]. */
  types?: string | string[];
  /** Bound on one DoH exchange, 100..60000 ms; default 5000. */
  timeoutMs?: number;
  /** Bound on the whole check, 100..600000 ms; default 20000. What is still missing then is INDETERMINATE. */
  deadlineMs?: number;
  /** Ask every resolver on its own and add `comparison` to the report. */
  compare?: boolean;
  /** Reuse the page session's answers (per resolver list, each no longer than its TTL) and
   * signature verdicts, and keep this check's for the next: a list of names fetches and
   * verifies the root and TLDs once, and asks ahead only for each name's ancestors (a name
   * that is not a zone apex then costs one question). `queries` and `work` then count only
   * what this check did. Default false. */
  cache?: boolean;
  /** Warn about signatures expiring within this many days, 0..3650; default 7 (CLI `--warn-days`). */
  warnDays?: number;
  /** Validate as of this moment, unix seconds (CLI `--at`): will it still validate on the day of
   * the order? Takes precedence over `now`. */
  at?: number;
  /** Default "GET". */
  method?: "GET" | "POST";
}

export interface OrderOptions extends Omit<CheckOptions, "types"> {
  /** The CA's issuer domain, e.g. "digicert.com"; empty or "any" for no CA. */
  ca?: string;
}

export interface Comparison {
  agree: boolean;
  summary: string;
  /** Each difference in words, with until when a cache may keep the old state. */
  differences: string[];
  resolvers: {
    resolver: string;
    status: Status;
    lookups: { name: string; type: string; status: Status; error: ErrorCode | null }[];
    zones: { zone: string; ds_tags: number[]; ds_ttl: number | null; dnskey_tags: number[]; dnskey_ttl: number | null }[];
    soa: { zone: string; serial: number; ttl: number }[];
    queries: number;
  }[];
}

export interface Ede {
  code: number;
  name: string;
}

export type Severity = "notice" | "warning" | "critical";

export type WarningCode =
  | "SIGNATURE_EXPIRES_SOON"
  | "SIGNATURE_NOT_YET_VALID_SOON"
  | "ALGORITHM_DEPRECATED"
  | "DIGEST_DEPRECATED"
  | "RSA_KEY_SHORT"
  | "NSEC3_PARAMETERS"
  | "DS_WITHOUT_KEY"
  | "KEY_WITHOUT_DS"
  | "STANDBY_KEY_MISSING_SIGNATURE"
  | "CDS_MISMATCH"
  | "CDS_DELETE"
  | "DNSKEY_SET_LARGE"
  | "TTL_ABOVE_VALIDITY"
  | "ORIGINAL_TTL_MISMATCH";

/** What will break a later check, or is weaker than it should be (README "Warnings"); never
 * changes a status, an error or the line. */
export interface Warning {
  code: WarningCode;
  severity: Severity;
  zone: string;
  /** The records concerned, e.g. "example.com/DNSKEY RRSIG by key 12345 (valid … .. …)". */
  records: string[];
  message: string;
  fix: string;
}

export interface SignatureReport {
  covers: string;
  key_tag: number;
  algorithm: number;
  signer: string;
  labels: number;
  original_ttl: number;
  inception: string;
  expiration: string;
  verdict:
    | "valid"
    | "expired"
    | "not-yet-valid"
    | "invalid"
    | "no-key"
    | "wrong-signer"
    | "unsupported-algorithm"
    | "malformed"
    | "not-checked";
}

export interface DenialReport {
  kind: "nsec" | "nsec3";
  proves:
    | "nxdomain"
    | "nodata"
    | "wildcard"
    | "no-ds"
    | "opt-out"
    | "not-a-cut"
    | "name-does-not-exist"
    | "none";
  iterations: number;
  records: string[];
}

export interface DsReport {
  key_tag: number;
  algorithm: number;
  algorithm_name: string;
  digest_type: number;
  digest_name: string;
  digest: string;
  supported: boolean;
  matches_key: boolean;
}

export interface KeyReport {
  key_tag: number;
  flags: number;
  role: "KSK" | "ZSK";
  algorithm: number;
  algorithm_name: string;
  key_size: number | null;
  revoked: boolean;
  matches_ds: boolean;
  signs_key_set: boolean;
}

export interface ZoneReport {
  zone: string;
  status: Status;
  delegation: "anchor" | "ds" | "no-ds" | "opt-out" | "unsupported";
  ds: DsReport[];
  ds_rrsigs: SignatureReport[];
  dnskeys: KeyReport[];
  dnskey_rrsigs: SignatureReport[];
  denial: DenialReport | null;
  problem: string | null;
  /** The DS RRset's TTL as the resolver returned it (what its cache may still keep). */
  ds_ttl: number | null;
  dnskey_ttl: number | null;
  /** This zone's warnings (also in its lookups' `warnings`). */
  warnings: Warning[];
}

export interface LinkReport {
  name: string;
  type: string;
  status: Status;
  error: ErrorCode | null;
  reason: string;
  zone: string | null;
  rcode: string | null;
  records: string[];
  rrsigs: SignatureReport[];
  denial: DenialReport | null;
  chain: ZoneReport[];
}

export interface LookupReport {
  name: string;
  type: string;
  /** This lookup's `FQDN;STATUS[;ERROR]`. */
  line: string;
  status: Status;
  error: ErrorCode | null;
  ede: Ede | null;
  reason: string;
  fix: string | null;
  /** When the CA's code says less than `ede`: "The CA reports this as …; precisely: …". */
  ca_note: string | null;
  broken_zone: string | null;
  /** How long caches may keep the old DS/DNSKEY state of the deepest signed zone. */
  cache_note: string | null;
  /** Every warning of the lookup, each once, most severe first. */
  warnings: Warning[];
  chain: ZoneReport[];
  links: LinkReport[];
  /** Order reports only. */
  purpose?: "caa" | "acme-dns-01" | "dnsauth" | "validation-persist";
  /** Order reports only. */
  description?: string;
}

interface RunInfo {
  resolvers: string[];
  trust_anchor: "iana-root" | "custom";
  now: number;
  queries: number;
  round_trips: number;
  /** Cryptographic work of the check, each verification and NSEC3 hash counted once. */
  work: { signature_verifications: number; nsec3_hashes: number };
  /** Only with `compare: true`: every resolver's view and where they differ. */
  comparison?: Comparison;
}

export interface CheckReport extends RunInfo {
  /** DigiCert's layout: `FQDN;STATUS[;ERROR]` per lookup, joined by ",". */
  line: string;
  /** The worst status of the results. */
  status: Status;
  results: LookupReport[];
}

export interface CaaProperty {
  flags: number;
  critical: boolean;
  tag: string;
  value: string;
}

export interface CaaReport {
  complete: boolean;
  relevant_name: string | null;
  records: CaaProperty[];
  policy: {
    issuers: string[] | null;
    wildcard_issuers: string[] | null;
    iodef: string[];
    unknown_critical: string[];
  };
  ca_may_issue: boolean | null;
  summary: string;
}

export interface OrderNameReport {
  name: string;
  line: string;
  status: Status;
  error: ErrorCode | null;
  ede: Ede | null;
  reason: string;
  fix: string | null;
  /** The decisive lookup's `ca_note`. */
  ca_note: string | null;
  /** When the CA's message was pasted: what the CA reported for this name. */
  ca_saw: { name: string; status: Status; error: ErrorCode | null } | null;
  /** "The CA saw BOGUS DNSSEC_BOGUS; now SECURE: the fix is visible. …" */
  then_now: string | null;
  decisive_lookup: number | null;
  caa: CaaReport;
  lookups: LookupReport[];
}

export interface OrderReport extends RunInfo {
  /** DigiCert's `caa_dnssec_error` layout: one `FQDN;STATUS[;ERROR]` per order name. */
  line: string;
  /** The worst status of the names. */
  status: Status;
  ca: string | null;
  names: OrderNameReport[];
}

/** Loads the wasm module (relative to the JS file unless given). Call once before the rest. */
export default function init(
  input?: { module_or_path?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module },
): Promise<unknown>;

/** The DNSSEC chain of trust of each name (a string may hold several, comma separated). */
export function check(names: string | string[], options?: CheckOptions): Promise<CheckReport>;
/** Every lookup a validating CA makes for each name of a certificate order. */
export function checkOrder(names: string | string[], options?: OrderOptions): Promise<OrderReport>;
/** Empties the session's answer cache (see `cache`). */
export function clearCache(): void;
/** Whether `text` is the CA's caa_dnssec_error message (checkOrder rechecks it: then → now). */
export function isCaMessage(text: string): boolean;
export function defaultResolvers(): string[];
export function splitList(text: string): string[];
export function version(): string;
