//! The JavaScript API: a thin `#[wasm_bindgen]` boundary over [`crate::check`]. Inputs are
//! only reshaped here; every check of their content is in the core.
//!
//! ```js
//! import init, { check, checkOrder, defaultResolvers } from "./pkg/dnssec_health.js";
//! await init();
//! const doc = await check("example.com", { resolvers: ["https://dns.google/dns-query"] });
//! const order = await checkOrder(["example.com", "*.example.com"], { ca: "digicert.com" });
//! ```

use serde::Deserialize;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::check::order;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::check::{prepare, run, run_cached, AnswerCache, CheckOptions, DEFAULT_RESOLVERS};
use crate::io::fetch::FetchTransport;
use crate::io::transport::HttpMethod;

/// A string or a list of strings.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// The options object accepted by `check`. Unknown keys are refused (see [`OPTION_KEYS`]) so
/// that a misspelt `trustAnchor` cannot silently fall back to the IANA root.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsOptions {
    resolvers: Option<OneOrMany>,
    trust_anchor: Option<String>,
    now: Option<i64>,
    types: Option<OneOrMany>,
    timeout_ms: Option<u32>,
    /// The whole check's deadline, ms (default 20 000).
    deadline_ms: Option<u32>,
    /// Run through every resolver and compare them.
    compare: Option<bool>,
    /// Reuse (and fill) the page session's answer cache: see [`clear_cache`].
    cache: Option<bool>,
    /// Warn about signatures expiring within this many days (default 7).
    warn_days: Option<u32>,
    /// Validate as of this moment, unix seconds (same as `now`: "will it still validate on
    /// the day of my order?").
    at: Option<i64>,
    /// `"GET"` (default) or `"POST"`.
    method: Option<String>,
    /// `checkOrder` only: the CA's issuer domain.
    ca: Option<String>,
}

/// The keys `check` accepts.
const CHECK_KEYS: &[&str] = &[
    "resolvers",
    "trustAnchor",
    "now",
    "types",
    "timeoutMs",
    "deadlineMs",
    "compare",
    "cache",
    "warnDays",
    "at",
    "method",
];

/// The keys `checkOrder` accepts.
const ORDER_KEYS: &[&str] = &[
    "resolvers",
    "trustAnchor",
    "now",
    "timeoutMs",
    "deadlineMs",
    "compare",
    "cache",
    "warnDays",
    "at",
    "method",
    "ca",
];

/// Reads an options object, refusing keys outside `allowed`; returns the options and `ca`.
fn options_from_js(
    value: JsValue,
    allowed: &[&str],
) -> Result<(CheckOptions, Option<String>, bool), JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok((CheckOptions::default(), None, false));
    }
    // serde-wasm-bindgen only looks up the declared fields, so refuse unknown keys here.
    if value.is_object() && !js_sys::Array::is_array(&value) {
        for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "invalid options: unknown field `{key}`, expected one of {}",
                    allowed.join(", ")
                )));
            }
        }
    }
    let js: JsOptions = serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::new(&format!("invalid options: {e}")))?;
    let method = match js.method.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None => None,
        Some("GET") => Some(HttpMethod::Get),
        Some("POST") => Some(HttpMethod::Post),
        Some(other) => {
            return Err(JsError::new(&format!(
                "invalid options: method {other:?} is not GET or POST"
            )))
        }
    };
    let options = CheckOptions {
        resolvers: js.resolvers.map(OneOrMany::into_vec).unwrap_or_default(),
        trust_anchor: js.trust_anchor,
        now: js.at.or(js.now),
        types: js.types.map(OneOrMany::into_vec).unwrap_or_default(),
        timeout_ms: js.timeout_ms,
        method,
        deadline_ms: js.deadline_ms,
        compare: js.compare.unwrap_or(false),
        warn_days: js.warn_days,
    };
    Ok((options, js.ca, js.cache.unwrap_or(false)))
}

/// `names` as a list: a string, an array of strings, or nothing.
fn names_from_js(names: JsValue) -> Result<Vec<String>, JsError> {
    if names.is_undefined() || names.is_null() {
        return Ok(Vec::new());
    }
    serde_wasm_bindgen::from_value::<OneOrMany>(names)
        .map(OneOrMany::into_vec)
        .map_err(|_| JsError::new("names must be a string or an array of strings"))
}

/// The current time of the JS host, unix seconds.
fn clock_now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// A report as plain JS data (objects, arrays, null; no Maps or undefined).
fn to_js<T: Serialize>(document: &T) -> Result<JsValue, JsError> {
    document
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("the report could not be converted: {e}")))
}

/// Checks the DNSSEC chain of trust of `names` (a string, or an array of strings; a string may
/// hold several names separated by commas or spaces). Resolves to the JSON report document
/// (the same as the CLI's `--json`); rejects with an `Error` when an input is unusable.
#[wasm_bindgen]
pub async fn check(names: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let names = names_from_js(names)?;
    let (options, _, cached) = options_from_js(options, CHECK_KEYS)?;
    let prepared = prepare(&names, &options).map_err(|e| JsError::new(&e.to_string()))?;
    if cached {
        let cache = session_cache(&prepared.resolvers);
        return to_js(&run_cached(&FetchTransport, prepared, clock_now(), &cache).await);
    }
    to_js(&run(&FetchTransport, prepared, clock_now()).await)
}

/// Checks a certificate order: for each name (`*.example.com` for a wildcard), the CAA search
/// and the domain-control TXT lookups a DNSSEC-validating CA makes. `options` as for `check`
/// without `types`, plus `ca` (issuer domain, e.g. `"digicert.com"`). Resolves to the JSON
/// document of `dnssec-health order --json`.
#[wasm_bindgen(js_name = checkOrder)]
pub async fn check_order(names: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let names = names_from_js(names)?;
    let (options, ca, cached) = options_from_js(options, ORDER_KEYS)?;
    let prepared = order::prepare(&names, &options, ca.as_deref())
        .map_err(|e| JsError::new(&e.to_string()))?;
    if cached {
        let cache = session_cache(&prepared.check.resolvers);
        return to_js(&order::run_cached(&FetchTransport, prepared, clock_now(), &cache).await);
    }
    to_js(&order::run(&FetchTransport, prepared, clock_now()).await)
}

thread_local! {
    /// The page session's answer caches, one per list of resolvers (answers of one resolver
    /// never stand in for another's). Everything taken from them is validated again.
    static SESSION: RefCell<HashMap<String, Rc<AnswerCache>>> = RefCell::default();
}

fn session_cache(resolvers: &[String]) -> Rc<AnswerCache> {
    let key = resolvers.join(" ");
    SESSION.with(|caches| caches.borrow_mut().entry(key).or_default().clone())
}

/// Empties the session's answer caches (what checks with `cache: true` reuse: the root, the
/// TLDs and every zone already fetched, each kept no longer than its TTL). Checks running now
/// finish with the cache they started with.
#[wasm_bindgen(js_name = clearCache)]
pub fn clear_cache() {
    SESSION.with(|caches| caches.borrow_mut().clear());
}

/// Splits a pasted list (names or record types separated by commas, semicolons, spaces or
/// newlines) exactly as `check` does.
#[wasm_bindgen(js_name = splitList)]
pub fn split_list(text: &str) -> Vec<String> {
    crate::check::input::split_names(text)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Whether a pasted text is the CA's error message (`FQDN;STATUS[;ERROR],…`, with the
/// `caa_dnssec_error` code in front, or the API's JSON error object), which `checkOrder`
/// rechecks name by name (then → now). True also for a malformed one, so that `checkOrder`
/// can say which part did not parse.
#[wasm_bindgen(js_name = isCaMessage)]
pub fn is_ca_message(text: &str) -> bool {
    crate::check::ca_message::parse(text).is_some()
}

/// The DoH resolvers used when none is given, in the order they are tried.
#[wasm_bindgen(js_name = defaultResolvers)]
pub fn default_resolvers() -> Vec<String> {
    DEFAULT_RESOLVERS.iter().map(|s| s.to_string()).collect()
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
