// Checks the npm package layout of www/ (after ./build.sh): every file and export target
// exists, `npm pack` would ship exactly the listed files, and the versions agree with the crate.
//
//   ./build.sh && node tests/web/package_check.mjs
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const www = path.join(root, "www");
const pkg = JSON.parse(readFileSync(path.join(www, "package.json"), "utf8"));

const targets = [];
const walk = (value) => {
  if (typeof value === "string") targets.push(value);
  else for (const inner of Object.values(value)) walk(inner);
};
walk(pkg.exports);
for (const target of [...targets, pkg.main, pkg.types, ...pkg.files]) {
  assert.ok(existsSync(path.join(www, target)), `${target} is missing (run ./build.sh)`);
}
for (const target of targets) {
  assert.ok(pkg.files.some((f) => path.normalize(target) === path.normalize(f)), `${target} is exported but not in "files"`);
}

const crate = readFileSync(path.join(root, "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)[1];
assert.equal(pkg.version, crate, "www/package.json and Cargo.toml versions differ");
const { default: init, version } = await import(path.join(www, "pkg/dnssec_health.js"));
await init({ module_or_path: readFileSync(path.join(www, "pkg/dnssec_health_bg.wasm")) });
assert.equal(version(), pkg.version);

// What `npm pack` would publish: the listed files and package.json, nothing else.
const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: www, encoding: "utf8" }));
const shipped = packed.files.map((f) => f.path).sort();
assert.deepEqual(shipped, [...pkg.files, "package.json"].sort());
// The widget's module graph stays inside the package.
for (const file of ["widget.js", "widget-worker.js", "render.js"]) {
  const source = readFileSync(path.join(www, file), "utf8");
  for (const [, spec] of source.matchAll(/(?:import|from)\s*(?:\(?\s*)["']([^"']+)["']/g)) {
    assert.ok(pkg.files.includes(path.normalize(spec).replace(/^\.\//, "")), `${file} imports ${spec}, which is not packaged`);
  }
}
console.log(`package ok: ${shipped.length} files, version ${pkg.version}`);
