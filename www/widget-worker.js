// The widget's Web Worker: runs the validator off the host page's main thread.
// Protocol: the page posts { id, kind: "check" | "order", names, options }; the worker answers
// { id, ok: true, report } or { id, ok: false, message }. It posts { ready: true } once the
// wasm module is loaded, or { ready: false, message } if it cannot be.
import init, { check, checkOrder } from "./pkg/dnssec_health.js";

const loaded = init().then(
  () => self.postMessage({ ready: true }),
  (error) => {
    self.postMessage({ ready: false, message: String(error && error.message ? error.message : error) });
    throw error;
  },
);
// Stays rejected for `await loaded` below, without an unhandled rejection meanwhile.
loaded.catch(() => {});

self.addEventListener("message", async (event) => {
  const { id, kind, names, options } = event.data || {};
  try {
    await loaded;
    const report = kind === "order" ? await checkOrder(names, options) : await check(names, options);
    self.postMessage({ id, ok: true, report });
  } catch (error) {
    self.postMessage({ id, ok: false, message: String(error && error.message ? error.message : error) });
  }
});
