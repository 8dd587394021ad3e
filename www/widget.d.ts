// Types of <dnssec-health-check> (./widget.js). Importing the module defines the element.
import type { CheckReport, OrderReport } from "./dnssec-health.js";

export type DnssecHealthReport = CheckReport | OrderReport;

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
