// Type-checked (never run) by scripts/test-web.sh against the published package layout
// (www/package.json "exports"): what a portal's TypeScript code would write.
import init, { check, checkOrder, defaultResolvers, type CheckReport, type Comparison, type OrderReport, type Severity, type Status, type Warning } from "dnssec-health";
import "dnssec-health/widget";
import type { DnssecHealthCheckAttributes, DnssecHealthCheckElement, DnssecHealthReport } from "dnssec-health/widget";

export async function portal(): Promise<Status> {
  await init();
  const report: CheckReport = await check(["example.com"], {
    resolvers: defaultResolvers(),
    types: ["A", "CAA"],
    timeoutMs: 2000,
    method: "POST",
  });
  const order: OrderReport = await checkOrder("example.com, *.example.com", { ca: "digicert.com" });
  const mayIssue: boolean | null = order.names[0].caa.ca_may_issue;
  const purpose: string | undefined = order.names[0].lookups[0].purpose;

  const widget = document.createElement("dnssec-health-check");
  const element: DnssecHealthCheckElement = widget;
  widget.setAttribute("names", "example.com");
  widget.addEventListener("dnssec-health:result", (event) => {
    const line: string = event.detail.line;
    console.log(line);
  });
  widget.addEventListener("dnssec-health:error", (event) => console.log(event.detail.message));
  const latest: DnssecHealthReport = await element.check();
  const where: "worker" | "main-thread" = await element.engine();
  console.log(mayIssue, purpose, latest.line, where);

  // Compare mode: every resolver on its own, and where they differ.
  const compared: CheckReport = await check("example.com", { compare: true, resolvers: defaultResolvers() });
  const comparison: Comparison | undefined = compared.comparison;
  const dsTtl: number | null | undefined = comparison?.resolvers[0].zones[0].ds_ttl;
  widget.setAttribute("compare", "");
  console.log(comparison?.agree, comparison?.differences.join("\n"), dsTtl);

  // Warnings before failure: as of a later moment, with a wider window.
  const later: CheckReport = await check("example.com", { at: 1790000000, warnDays: 30 });
  const warning: Warning | undefined = later.results[0].warnings[0];
  const severity: Severity | undefined = warning?.severity;
  const records: string[] | undefined = later.results[0].chain[0]?.warnings[0]?.records;
  const orderLater: OrderReport = await checkOrder("example.com", { at: 1790000000, warnDays: 0 });
  const attributes: DnssecHealthCheckAttributes = { names: "example.com", at: "2026-01-01T00:00:00Z", "warn-days": "30" };
  widget.setAttribute("warn-days", attributes["warn-days"] ?? "7");
  console.log(warning?.code, warning?.fix, severity, records, orderLater.line);
  // @ts-expect-error: a severity is one of three words
  const wrong: Severity = "error";
  console.log(wrong);

  // @ts-expect-error: types is not an option of an order check
  await checkOrder("example.com", { types: ["A"] });
  // @ts-expect-error: method is GET or POST
  await check("example.com", { method: "PUT" });
  return report.results[0].status;
}
