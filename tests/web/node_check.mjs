// Smoke test of the wasm package (www/pkg, built by ./build.sh) in Node 20 against the DNSSEC
// test lab. Run from the repository root:
//
//   ./build.sh && node tests/web/node_check.mjs
//
// Starts the lab (tests/lab/lab.py, registered with this process as owner so it stops after us),
// then exercises the JS API: check(names, options). Exits non-zero on the first failure.
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

const { default: init, check, checkOrder, clearCache, defaultResolvers, isCaMessage, splitList, version } = await import(path.join(pkg, "dnssec_health.js"));
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

const labOptions = (extra = {}) => ({ resolvers: [lab.doh], trustAnchor, ...extra });

function assertWellFormed(doc) {
  assert.equal(typeof doc.line, "string");
  assert.ok(Array.isArray(doc.results) && doc.results.length > 0);
  assert.ok(Array.isArray(doc.resolvers));
  assert.equal(typeof doc.now, "number");
  assert.equal(typeof doc.queries, "number");
  for (const r of doc.results) {
    assert.ok(["SECURE", "INSECURE", "BOGUS", "INDETERMINATE"].includes(r.status), `status ${r.status}`);
    assert.ok(r.error === null || typeof r.error === "string");
    assert.ok(Array.isArray(r.chain) && Array.isArray(r.links) && Array.isArray(r.warnings));
    // json_compatible: Options are null (not undefined), maps are plain objects.
    assert.ok("fix" in r && r.fix !== undefined);
    assert.equal(Object.getPrototypeOf(r), Object.prototype);
  }
  // Round-trips through JSON unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
}

await test("cache: true reuses the session's answers; clearCache() forgets them", async () => {
  clearCache();
  const alone = await check("www.alg13.lab", labOptions());
  const first = await check("www.alg13.lab", labOptions({ cache: true }));
  assert.equal(first.status, "SECURE");
  // An empty cache asks everything but the name's own DS, DNSKEY and CDS: a check that shares
  // the cache asks ahead only for the name's ancestors (www.alg13.lab is no zone apex).
  assert.equal(first.queries, alone.queries - 3, `${first.queries} vs ${alone.queries}`);
  assert.equal(first.line, alone.line);
  // Another name in the same zone: the root, lab. and alg13.lab are already known.
  const otherAlone = await check("sub.alg13.lab", labOptions({ types: ["TXT"] }));
  const other = await check("sub.alg13.lab", labOptions({ cache: true, types: ["TXT"] }));
  assert.equal(other.status, otherAlone.status);
  assert.ok(other.queries <= otherAlone.queries - 5, `${other.queries} vs ${otherAlone.queries}`);
  // The same question again: the positive answers (keys, DS, the A RRset) are all kept; only
  // negative answers whose TTL ran out in the lab resolver's cache (the CDS and DS denials)
  // may be asked again.
  const again = await check("www.alg13.lab", labOptions({ cache: true }));
  assert.ok(again.queries <= alone.queries - 6, `${again.queries} vs ${alone.queries}`);
  assert.equal(again.status, "SECURE");
  assert.equal(again.line, first.line);
  // Answers of one resolver never stand in for another's (a list of two is another cache).
  const otherResolvers = await check("www.alg13.lab", labOptions({ cache: true, resolvers: [lab.doh, lab.doh + "?x=1"] }));
  assert.equal(otherResolvers.queries, first.queries);
  clearCache();
  const cleared = await check("www.alg13.lab", labOptions({ cache: true }));
  assert.equal(cleared.queries, first.queries);
  // The signatures verified by the first check are not verified again.
  assert.ok(again.work.signature_verifications < first.work.signature_verifications,
    `${again.work.signature_verifications} vs ${first.work.signature_verifications}`);
  // Without cache: true nothing is reused.
  const plain = await check("www.alg13.lab", labOptions());
  assert.equal(plain.queries, alone.queries);
  clearCache();
});

await test("exports", async () => {
  assert.deepEqual(defaultResolvers(), ["https://cloudflare-dns.com/dns-query", "https://dns.google/dns-query"]);
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

await test("www.alg13.lab is SECURE (GET)", async () => {
  const doc = await check(["www.alg13.lab"], labOptions());
  assertWellFormed(doc);
  assert.equal(doc.trust_anchor, "custom");
  assert.deepEqual(doc.resolvers, [lab.doh]);
  const [r] = doc.results;
  assert.equal(r.status, "SECURE", r.reason);
  assert.equal(r.error, null);
  assert.ok(r.chain.length >= 2, "chain has the root and the zones below");
  assert.equal(r.chain[0].zone, ".");
  assert.ok(r.chain[r.chain.length - 1].dnskeys.length > 0);
  assert.match(doc.line, /^www\.alg13\.lab\.?;SECURE$/);
});

await test("POST, and names as one string", async () => {
  const doc = await check("www.alg13.lab", labOptions({ method: "POST" }));
  assertWellFormed(doc);
  assert.equal(doc.results[0].status, "SECURE", doc.results[0].reason);
});

await test("www.badsig.lab is BOGUS", async () => {
  const doc = await check(["www.badsig.lab"], labOptions());
  assertWellFormed(doc);
  assert.equal(doc.results[0].status, "BOGUS", doc.results[0].reason);
  assert.equal(typeof doc.results[0].error, "string");
});

await test("unreachable resolver: a well-formed INDETERMINATE document", async () => {
  const doc = await check(["www.alg13.lab"], { resolvers: [lab.faults.closed], trustAnchor, timeoutMs: 2000 });
  assertWellFormed(doc);
  assert.equal(doc.results[0].status, "INDETERMINATE");
  assert.match(doc.results[0].reason, /network error/i);
});

await test("slow resolver: timeout", async () => {
  const doc = await check(["www.alg13.lab"], { resolvers: [lab.faults.slow], trustAnchor, timeoutMs: 300 });
  assertWellFormed(doc);
  assert.equal(doc.results[0].status, "INDETERMINATE");
  assert.match(doc.results[0].reason, /no answer within 300 ms/);
});

await test("fallback to the next resolver", async () => {
  const doc = await check(["www.alg13.lab"], { resolvers: [lab.faults.status500, lab.doh], trustAnchor });
  assertWellFormed(doc);
  assert.equal(doc.results[0].status, "SECURE", doc.results[0].reason);
});

async function rejects(names, options, pattern) {
  await assert.rejects(check(names, options), (error) => {
    assert.ok(error instanceof Error, "rejects with an Error");
    assert.match(error.message, pattern);
    return true;
  });
}

await test("bad inputs reject with the core's message", async () => {
  await rejects([], undefined, /no domain name was given/);
  await rejects(["192.0.2.1"], undefined, /IP address/);
  await rejects(["example.com"], { resolvers: ["ftp://x"] }, /https:\/\//);
  await rejects(["example.com"], { trustAnchor: "garbage" }, /trust anchor/);
  await rejects(["example.com"], { types: ["NOPE"] }, /not a DNS record type/);
  await rejects(["example.com"], { trustanchor: "x" }, /unknown field/);
  await rejects(42, undefined, /string or an array of strings/);
});

await test("checkOrder: one verdict per order name, the worst of its lookups", async () => {
  const doc = await checkOrder("www.alg13.lab, *.alg13.lab\nwww.stripnsec.lab", labOptions({ ca: "letsencrypt.org" }));
  assert.equal(doc.line, "www.alg13.lab;SECURE,*.alg13.lab;SECURE,www.stripnsec.lab;BOGUS;NSEC_MISSING");
  assert.equal(doc.ca, "letsencrypt.org");
  assert.deepEqual(doc.names.map((n) => n.name), ["www.alg13.lab", "*.alg13.lab", "www.stripnsec.lab"]);
  const wildcard = doc.names[1];
  assert.deepEqual(wildcard.lookups.map((l) => `${l.purpose} ${l.name} ${l.type}`), [
    "caa alg13.lab CAA",
    "caa lab CAA",
    "acme-dns-01 _acme-challenge.alg13.lab TXT",
    "dnsauth _dnsauth.alg13.lab TXT",
    "validation-persist _validation-persist.alg13.lab TXT",
  ]);
  assert.equal(wildcard.caa.ca_may_issue, true);
  assert.equal(wildcard.caa.relevant_name, null);
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
});

await test("checkOrder rejects bad input", async () => {
  await assert.rejects(checkOrder(["www.*.example.com"], {}), /may only be the first label/);
  await assert.rejects(checkOrder(["example.com"], { ca: "not a domain" }), /invalid CA/);
  await assert.rejects(checkOrder(["example.com"], { types: ["A"] }), /unknown field `types`/);
});

// The CLI (target/debug/dnssec-health, built by scripts/test-web.sh) and the JS API give the
// same document for the same inputs and clock (but for the TTLs). `time`: the CLI's clock options.
function cli(args, time = ["--now", "1800000000"]) {
  const binary = path.join(root, "target/debug/dnssec-health");
  try {
    return JSON.parse(execFileSync(binary, [...args, "--resolver", lab.doh, "--trust-anchor", lab.anchor_file, ...time, "--json"], { encoding: "utf8" }));
  } catch (error) {
    if (error.stdout) return JSON.parse(error.stdout); // exit status 1 or 2: BOGUS / INDETERMINATE
    throw error;
  }
}

// Record texts and the zones' ds_ttl/dnskey_ttl carry the TTL left in the resolver's cache,
// which counts down between runs.
const withoutTtls = (value) =>
  JSON.parse(JSON.stringify(value), (key, v) => {
    if (typeof v === "string") return v.replace(/^(\S+) \d+ IN /, "$1 0 IN ");
    if (key.endsWith("_ttl") && typeof v === "number") return 0;
    return v;
  });

await test("check() returns exactly the CLI's --json document", async () => {
  // IDNA runs through the idna crate in the CLI and the host's URL parser in wasm: the same
  // UTS #46 processing, so the same A-labels (bücher → xn--bcher-kva, fullwidth ｗｗｗ → www).
  const names = ["www.alg13.lab", "to-bogus.alg13.lab", "nope.nsec3.lab", "www.unsigned.lab", "Bücher.alg13.lab", "ｗｗｗ.alg13.lab"];
  const js = await check(names, labOptions({ now: 1800000000, types: ["A", "TXT"] }));
  assert.ok(js.results.some((r) => r.name === "xn--bcher-kva.alg13.lab"), js.line);
  assert.ok(js.line.includes(",www.alg13.lab;SECURE"), js.line);
  assert.deepEqual(withoutTtls(js), withoutTtls(cli(["check", ...names, "--type", "A", "--type", "TXT"])));
});

await test("checkOrder() returns exactly the CLI's order --json document", async () => {
  const names = ["www.caa.lab", "*.caa.lab", "bogus.caa.lab", "www.child.badnsec.lab"];
  const js = await checkOrder(names, labOptions({ now: 1800000000, ca: "digicert.com" }));
  assert.deepEqual(withoutTtls(js), withoutTtls(cli(["order", ...names, "--ca", "digicert.com"])));
});

// Warnings before failure: warnDays and at are the CLI's --warn-days and --at. The lab's
// expire12h.lab and expire3d.lab are signed at its start for 12 hours / 3 days; its healthy
// zones for ten years, so a window of 3650 days warns about every signature of their chains.
const rfc3339 = (seconds) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

await test("check() with warnDays and at returns exactly the CLI's --warn-days/--at document", async () => {
  const at = Math.floor(Date.now() / 1000) + 3600;
  const names = ["www.expire12h.lab", "www.expire3d.lab", "www.alg13.lab", "www.ds12.lab", "nope.nsec3iter.lab", "www.alg5.lab"];
  // `at` wins over `now`.
  const js = await check(names, labOptions({ now: 1800000000, at, warnDays: 3650 }));
  assert.equal(js.now, at);
  assert.equal(js.line, names.map((n) => `${n};SECURE`).join(","), "a warning changes no verdict");
  const byName = Object.fromEntries(js.results.map((r) => [r.name, r]));
  const severities = (name) => byName[name].warnings.map((w) => w.severity);
  assert.ok(severities("www.expire12h.lab").includes("critical"), severities("www.expire12h.lab"));
  assert.ok(byName["www.alg13.lab"].warnings.length >= 6 && severities("www.alg13.lab").every((s) => s === "warning"));
  assert.ok(byName["www.ds12.lab"].warnings.some((w) => w.code === "DIGEST_DEPRECATED" && w.severity === "notice"));
  for (const w of js.results.flatMap((r) => r.warnings)) {
    assert.deepEqual(Object.keys(w).sort(), ["code", "fix", "message", "records", "severity", "zone"]);
  }
  const expected = cli(["check", ...names, "--warn-days", "3650"], ["--at", rfc3339(at)]);
  assert.deepEqual(withoutTtls(js), withoutTtls(expected));
  // The default window (7 days) is the CLI's default.
  const plain = await check(names, labOptions({ at }));
  assert.equal(plain.results.find((r) => r.name === "www.alg13.lab").warnings.length, 0);
  assert.deepEqual(withoutTtls(plain), withoutTtls(cli(["check", ...names], ["--at", String(at)])));
});

await test("after the expiry (at), BOGUS, as the CLI says", async () => {
  const at = Math.floor(Date.now() / 1000) + 4 * 86400;
  const js = await check(["www.expire12h.lab", "www.expire3d.lab"], labOptions({ at, warnDays: 0 }));
  assert.deepEqual(js.results.map((r) => r.status), ["BOGUS", "BOGUS"], js.line);
  assert.deepEqual(withoutTtls(js), withoutTtls(cli(["check", "www.expire12h.lab", "www.expire3d.lab", "--warn-days", "0"], ["--at", rfc3339(at)])));
});

await test("checkOrder() with warnDays and at returns exactly the CLI's order --warn-days/--at document", async () => {
  const at = Math.floor(Date.now() / 1000) + 1800;
  const names = ["www.expire12h.lab", "*.expire3d.lab"];
  const js = await checkOrder(names, labOptions({ at, warnDays: 30, ca: "digicert.com" }));
  assert.ok(js.names.every((n) => n.lookups.some((l) => l.warnings.length > 0)), "each name has warnings");
  assert.deepEqual(withoutTtls(js), withoutTtls(cli(["order", ...names, "--ca", "digicert.com", "--warn-days", "30"], ["--at", rfc3339(at)])));
});

await test("bad warnDays and at reject", async () => {
  await rejects(["www.alg13.lab"], labOptions({ warnDays: -1 }), /invalid options/);
  await rejects(["www.alg13.lab"], labOptions({ at: "tomorrow" }), /invalid options/);
});

await test("options of the wrong type reject, naming the option", async () => {
  const cases = [
    [{ warnDays: 1.5 }, /`warnDays` must be a whole number from 0/],
    [{ timeoutMs: 2 ** 32 }, /`timeoutMs` must be a whole number from 0 to 4294967295/],
    [{ deadlineMs: "20000" }, /`deadlineMs` must be a whole number/],
    [{ now: 2 ** 60 }, /`now` must be a whole number \(unix seconds\)/],
    [{ compare: 1 }, /`compare` must be true or false/],
    [{ cache: "yes" }, /`cache` must be true or false/],
    [{ resolvers: 5 }, /`resolvers` must be a string or an array of strings/],
    [{ resolvers: ["https://a.example/dns-query", 7] }, /`resolvers` must be a string or an array of strings/],
    [{ types: { A: true } }, /`types` must be a string or an array of strings/],
    [{ trustAnchor: ["x"] }, /`trustAnchor` must be a string/],
    [{ method: true }, /`method` must be a string/],
    [{ trustanchor: "x" }, /unknown field `trustanchor`/],
  ];
  for (const [options, pattern] of cases) {
    await rejects(["www.alg13.lab"], options, pattern);
  }
  for (const options of [["resolvers"], "https://a.example/dns-query", 5]) {
    await rejects(["www.alg13.lab"], options, /invalid options: expected an object/);
  }
  await rejects(5, {}, /names must be a string or an array of strings/);
  await rejects(["www.alg13.lab", 5], {}, /names must be a string or an array of strings/);
  // undefined and null mean "not given", for the options object and for each option.
  const given = await check("www.alg13.lab", labOptions({ compare: null, cache: undefined, warnDays: null }));
  assert.equal(given.results[0].status, "SECURE");
});

// The CA's caa_dnssec_error message, pasted back: a name fixed since, one still failing, one
// that was and is fine.
const CA_LINE = "www.alg13.lab;BOGUS;DNSSEC_BOGUS,www.stripnsec.lab;BOGUS;NSEC_MISSING,www.caa.lab;SECURE";

await test("isCaMessage: the CA's message in every wrapping, and not a list of names", async () => {
  for (const text of [
    CA_LINE,
    `caa_dnssec_error: ${CA_LINE}`,
    `  CAA_DNSSEC_ERROR - "${CA_LINE}"\n`,
    JSON.stringify({ errors: [{ code: "caa_dnssec_error", message: CA_LINE }] }),
    "www.caa.lab;SECURE",
    // Malformed, but a CA message: checkOrder says which part did not parse.
    "www.alg13.lab;BOGUS;NOPE",
  ]) {
    assert.equal(isCaMessage(text), true, text);
  }
  for (const text of ["www.alg13.lab", "www.alg13.lab, *.alg13.lab\nwww.caa.lab", "a.example;b.example", "https://example.com/a;b", '{"names":["example.com"]}', ""]) {
    assert.equal(isCaMessage(text), false, text);
  }
});

await test("checkOrder(CA message): what the CA saw, and then -> now per name", async () => {
  const doc = await checkOrder(`caa_dnssec_error: ${CA_LINE}`, labOptions());
  assert.equal(doc.line, "www.alg13.lab;SECURE,www.stripnsec.lab;BOGUS;NSEC_MISSING,www.caa.lab;SECURE");
  assert.equal(doc.status, "BOGUS");
  assert.deepEqual(
    doc.names.map((n) => n.ca_saw),
    [
      { name: "www.alg13.lab", status: "BOGUS", error: "DNSSEC_BOGUS" },
      { name: "www.stripnsec.lab", status: "BOGUS", error: "NSEC_MISSING" },
      { name: "www.caa.lab", status: "SECURE", error: null },
    ],
  );
  const [fixed, still, fine] = doc.names;
  assert.equal(
    fixed.then_now,
    "The CA saw BOGUS DNSSEC_BOGUS; now SECURE: the fix is visible. Ask the CA to retry validation (a CA resolver may keep the old answers until their TTLs run out).",
  );
  assert.match(still.reason, /^CAA lookup at www\.stripnsec\.lab: /);
  assert.equal(still.then_now, `The CA saw BOGUS NSEC_MISSING; still BOGUS NSEC_MISSING: ${still.reason}`);
  assert.equal(fine.then_now, "The CA saw SECURE; still SECURE: nothing to fix here.");
  // A plain order has neither.
  const plain = await checkOrder("www.alg13.lab", labOptions());
  assert.equal(plain.names[0].ca_saw, null);
  assert.equal(plain.names[0].then_now, null);
});

await test("checkOrder rejects a malformed CA message, quoting the part", async () => {
  for (const text of ["www.alg13.lab;BOGUS;NOPE", `caa_dnssec_error: www.caa.lab;SECURE,www.alg13.lab;BOGUS;NOPE`]) {
    await assert.rejects(checkOrder(text, labOptions()), (error) => {
      assert.ok(error instanceof Error, "rejects with an Error");
      assert.match(error.message, /"www\.alg13\.lab;BOGUS;NOPE" cannot be read/);
      return true;
    });
  }
});

await test("checkOrder(CA message) returns exactly the CLI's recheck --json document", async () => {
  const message = `caa_dnssec_error: ${CA_LINE}`;
  const js = await checkOrder(message, labOptions({ now: 1800000000, ca: "digicert.com" }));
  assert.equal(js.names[0].ca_saw.status, "BOGUS");
  assert.deepEqual(withoutTtls(js), withoutTtls(cli(["recheck", message, "--ca", "digicert.com"])));
});

await test("splitList splits as the core does", async () => {
  assert.deepEqual(splitList(" a.example, b.example;c.example\n\td.example "), ["a.example", "b.example", "c.example", "d.example"]);
});

console.log(failures ? `${failures} test(s) failed` : "all tests passed");
process.exit(failures ? 1 : 0);
