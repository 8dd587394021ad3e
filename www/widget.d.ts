// Types of <dnssec-health-check> (./widget.js). Importing the module defines the element.
import type { CheckReport, OrderReport } from "./dnssec-health.js";

export type DnssecHealthReport = CheckReport | OrderReport;

/** The attributes of <dnssec-health-check> (README "Embedding"); a change re-runs the check.
 * An attribute that cannot be read fails the check with a `dnssec-health:error`. */
export interface DnssecHealthCheckAttributes {
  /** Names, space or comma separated; `*.example.com` for a wildcard. */
  names?: string;
  /** "order" (default: every lookup a CA makes) or "check" (each name's chain of trust). */
  mode?: "order" | "check";
  /** The CA's issuer domain (order mode). */
  ca?: string;
  /** Record types (check mode), default "A". */
  types?: string;
  /** DoH URLs, space separated; default Cloudflare then Google. */
  resolver?: string;
  /** DS/DNSKEY records; default the IANA root. */
  "trust-anchor"?: string;
  /** Milliseconds per DoH exchange. */
  timeout?: string;
  /** Boolean: badge and one line; the report opens with a button. */
  compact?: string;
  /** Boolean: every resolver asked on its own; the report starts with the comparison. */
  compare?: string;
  /** Validate as of this moment: RFC 3339 (`2026-01-01T00:00:00Z`, `2026-01-01`) or unix
   * seconds; passed as the `at` option. The headline then says "Checked as of …". */
  at?: string;
  /** The warning window in days (signatures expiring within it are warned about; default 7);
   * passed as `warnDays`. A SECURE headline counts the warnings: "N warnings (most severe: …)". */
  "warn-days"?: string;
}

export interface DnssecHealthCheckElement extends HTMLElement {
  /** The report of the current attributes, or null before it comes and after an error. */
  readonly report: DnssecHealthReport | null;
  /** Runs the check now with the current attributes. */
  check(): Promise<DnssecHealthReport>;
  /** Where the validator runs. */
  engine(): Promise<"worker" | "main-thread">;
}

export interface DnssecHealthStartDetail {
  names: string;
  mode: "order" | "check";
  options: Record<string, unknown>;
}

declare global {
  interface HTMLElementTagNameMap {
    "dnssec-health-check": DnssecHealthCheckElement;
  }
  interface HTMLElementEventMap {
    "dnssec-health:start": CustomEvent<DnssecHealthStartDetail>;
    "dnssec-health:result": CustomEvent<DnssecHealthReport>;
    "dnssec-health:error": CustomEvent<{ message: string }>;
  }
}
