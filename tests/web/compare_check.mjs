// Compare mode of the wasm package (www/pkg, built by ./build.sh) in Node 20, against the DNSSEC
// test lab's DS rollovers seen through two resolvers (tests/lab/README.md, "The stale world").
// Run from the repository root, after `cargo build --bin dnssec-health`:
//
//   ./build.sh && node tests/web/compare_check.mjs
//
// check(names, { compare: true, resolvers: [...] }) and checkOrder(...) must give exactly the
// CLI's `--compare --json` documents, but for what counts down between two runs: the TTLs left
// in the resolvers' caches, and the times in the differences that follow from them (and the
// order of the key tags in a DS mismatch's reason, which follows the resolver's RRset order).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import assert from "node:assert/strict";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = path.join(root, "www/pkg");
const labDir = process.env.LAB_DIR || path.join(root, "target/lab");

const labOut = execFileSync("python3", [path.join(root, "tests/lab/lab.py"), "start", "--dir", labDir, "--owner-pid", String(process.pid)], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const lab = JSON.parse(labOut.trim().split("\n").pop());
const trustAnchor = readFileSync(lab.anchor_file, "utf8");
const current = lab.doh;
const stale = lab.resolvers.stale;
const NOW = 1800000000;

const { default: init, check, checkOrder } = await import(path.join(pkg, "dnssec_health.js"));
await init({ module_or_path: readFileSync(path.join(pkg, "dnssec_health_bg.wasm")) });

let failures = 0;
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures += 1;
    console.log(`FAIL ${name}: ${error && error.stack ? error.stack : error}`);
  }
}

/** The CLI's document for `args` through `resolvers`, at the fixed time NOW. */
function cli(args, resolvers) {
  const binary = path.join(root, "target/debug/dnssec-health");
  const all = [...args, ...resolvers.flatMap((r) => ["--resolver", r]), "--trust-anchor", lab.anchor_file, "--now", String(NOW), "--json"];
  try {
    return JSON.parse(execFileSync(binary, all, { encoding: "utf8" }));
  } catch (error) {
    if (error.stdout) return JSON.parse(error.stdout); // exit status 1 or 2: BOGUS / INDETERMINATE
    throw error;
  }
}

const RFC3339 = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g;

/** The document without what counts down between runs: the TTL in record texts, every number
 * under a key `ttl` or ending in `_ttl`, and in the differences the TTLs left and the times
 * until which a cache may keep the old state. */
const withoutTtls = (value) =>
  JSON.parse(JSON.stringify(value), (key, v) => {
    if ((key === "ttl" || key.endsWith("_ttl")) && typeof v === "number") return 0;
    if (key === "differences" && Array.isArray(v)) {
      return v.map((d) => d.replace(/\(TTL \d+ s left\)/g, "(TTL N s left)").replace(/ until \S+\.$/, (m) => m.replace(RFC3339, "TIME")));
    }
    if (typeof v === "string") {
      // The key tags a DS does not match are listed in the order the resolver served the
      // DNSKEY RRset, which Unbound rotates between answers: compared as a set.
      const sorted = (list) => list.split(", ").sort().join(", ");
      return v.replace(/^(\S+) \d+ IN /, "$1 0 IN ").replace(/\(its DNSKEY tags: ([\d, ]+)\)/g, (_, list) => `(its DNSKEY tags: ${sorted(list)})`);
    }
    return v;
  });

const options = (resolvers, extra = {}) => ({ compare: true, resolvers, trustAnchor, now: NOW, ...extra });

await test("check(compare: true) returns exactly the CLI's check --compare --json document", async () => {
  const names = ["www.roll.lab", "www.roll-broken.lab"];
  const before = Math.floor(Date.now() / 1000);
  const js = await check(names, options([current, stale], { types: ["A", "TXT"] }));
  const after = Math.ceil(Date.now() / 1000);
  const { comparison } = js;
  assert.equal(comparison.agree, false);
  assert.deepEqual(
    comparison.resolvers.map((v) => [v.resolver, v.status]),
    [
      [current, "SECURE"],
      [stale, "BOGUS"],
    ],
  );
  // The differences name the zone, the DS tags and the time until which a CA may see BOGUS.
  const [newTag, oldTag] = [lab.rollovers["roll-broken.lab."].ksk, lab.rollovers["roll-broken.lab."].ksk_old];
  const ds = comparison.differences.find((d) => d.startsWith("roll-broken.lab: "));
  assert.match(ds, new RegExp(`serves DS ${oldTag} \\(TTL \\d+ s left\\) where .* serves DS ${newTag}; .* sees BOGUS, .* may see BOGUS until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\.$`));
  const ttl = comparison.resolvers[1].zones.find((z) => z.zone === "roll-broken.lab").ds_ttl;
  // Caches let go at the real time plus the TTL left, whatever validation time (NOW) was set.
  const until = Date.parse(ds.match(/ until (\S+)\.$/)[1]) / 1000;
  assert.ok(before + ttl <= until && until <= after + ttl, `${ds} (clock ${before}..${after}, TTL ${ttl} s)`);
  assert.ok(comparison.differences.some((d) => d.startsWith("roll.lab: ") && d.includes("SOA serial 2026032502")), comparison.differences);
  assert.deepEqual(withoutTtls(js), withoutTtls(cli(["check", ...names, "--type", "A", "--type", "TXT", "--compare"], [current, stale])));
});

await test("checkOrder(compare: true) returns exactly the CLI's order --compare --json document", async () => {
  const js = await checkOrder("www.roll-broken.lab, www.roll.lab", options([stale, current], { ca: "digicert.com" }));
  // The document is the first resolver's: here the stale one.
  assert.equal(js.line, "www.roll-broken.lab;BOGUS;DNSKEY_MISSING,www.roll.lab;SECURE");
  assert.equal(js.comparison.agree, false);
  assert.deepEqual(withoutTtls(js), withoutTtls(cli(["order", "www.roll-broken.lab", "www.roll.lab", "--ca", "digicert.com", "--compare"], [stale, current])));
});

await test("two paths to one resolver agree; without compare there is no comparison", async () => {
  const same = await check("www.roll-broken.lab", options([current, lab.resolvers.current]));
  assert.equal(same.comparison.agree, true);
  assert.deepEqual(same.comparison.differences, []);
  assert.equal(same.comparison.summary, "All 2 resolvers agree: the same verdicts, DS and DNSKEY sets and SOA serials.");
  for (const compare of [false, undefined]) {
    const doc = await check("www.roll-broken.lab", { resolvers: [stale, current], trustAnchor, now: NOW, ...(compare === undefined ? {} : { compare }) });
    assert.equal("comparison" in doc, false, JSON.stringify(Object.keys(doc)));
    // Without compare, the second resolver is a fallback only: the stale one answered.
    assert.equal(doc.line, "www.roll-broken.lab;BOGUS;DNSKEY_MISSING");
  }
  const order = await checkOrder("www.roll.lab", { resolvers: [current, stale], trustAnchor });
  assert.equal("comparison" in order, false);
});

await test("compare must be a boolean", async () => {
  await assert.rejects(check("www.roll.lab", { compare: "yes", resolvers: [current] }), /invalid options/);
});

console.log(failures ? `${failures} test(s) failed` : "all tests passed");
process.exit(failures ? 1 : 0);
