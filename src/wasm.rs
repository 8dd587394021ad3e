//! The JavaScript API: a thin `#[wasm_bindgen]` boundary over [`crate::check`]. Inputs are
//! only reshaped here; every check of their content is in the core.
//!
//! ```js
//! import init, { check, checkOrder, defaultResolvers } from "./pkg/dnssec_health.js";
//! await init();
//! const doc = await check("example.com", { resolvers: ["https://dns.google/dns-query"] });
//! const order = await checkOrder(["example.com", "*.example.com"], { ca: "digicert.com" });
//! ```

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::check::order;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::check::{prepare, run_with, AnswerCache, CheckOptions, DEFAULT_RESOLVERS};
use crate::io::fetch::FetchTransport;
use crate::io::transport::HttpMethod;

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

/// Reads an options object, refusing keys outside `allowed` so that a misspelt `trustAnchor`
/// cannot silently fall back to the IANA root; returns the options, `ca` and `cache`.
///
/// Read property by property rather than with serde: serde's `Deserialize` machinery and its
/// error texts would be the largest part of this module in the wasm (README, "Wasm size").
fn options_from_js(
    value: JsValue,
    allowed: &[&str],
) -> Result<(CheckOptions, Option<String>, bool), JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok((CheckOptions::default(), None, false));
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(JsError::new("invalid options: expected an object"));
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(JsError::new(&format!(
                "invalid options: unknown field `{key}`, expected one of {}",
                allowed.join(", ")
            )));
        }
    }
    let method = match string_option(&value, "method")?
        .map(|m| m.to_ascii_uppercase())
        .as_deref()
    {
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
        resolvers: strings_option(&value, "resolvers")?.unwrap_or_default(),
        trust_anchor: string_option(&value, "trustAnchor")?,
        now: match seconds_option(&value, "at")? {
            Some(at) => Some(at),
            None => seconds_option(&value, "now")?,
        },
        types: strings_option(&value, "types")?.unwrap_or_default(),
        timeout_ms: u32_option(&value, "timeoutMs")?,
        method,
        deadline_ms: u32_option(&value, "deadlineMs")?,
        compare: bool_option(&value, "compare")?.unwrap_or(false),
        warn_days: u32_option(&value, "warnDays")?,
    };
    let ca = string_option(&value, "ca")?;
    let cached = bool_option(&value, "cache")?.unwrap_or(false);
    Ok((options, ca, cached))
}

/// `object[key]`, `None` when it is absent, `undefined` or `null`.
fn property(object: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn wrong_type(key: &str, expected: &str) -> JsError {
    JsError::new(&format!("invalid options: `{key}` must be {expected}"))
}

fn string_option(object: &JsValue, key: &str) -> Result<Option<String>, JsError> {
    property(object, key)
        .map(|v| v.as_string().ok_or_else(|| wrong_type(key, "a string")))
        .transpose()
}

fn bool_option(object: &JsValue, key: &str) -> Result<Option<bool>, JsError> {
    property(object, key)
        .map(|v| v.as_bool().ok_or_else(|| wrong_type(key, "true or false")))
        .transpose()
}

/// A whole number within JS's safe integers, as unix seconds.
fn seconds_option(object: &JsValue, key: &str) -> Result<Option<i64>, JsError> {
    const SAFE: f64 = 9_007_199_254_740_991.0; // Number.MAX_SAFE_INTEGER
    property(object, key)
        .map(|v| {
            v.as_f64()
                .filter(|n| n.fract() == 0.0 && n.abs() <= SAFE)
                .map(|n| n as i64)
                .ok_or_else(|| wrong_type(key, "a whole number (unix seconds)"))
        })
        .transpose()
}

/// A whole number from 0 to `u32::MAX`.
fn u32_option(object: &JsValue, key: &str) -> Result<Option<u32>, JsError> {
    property(object, key)
        .map(|v| {
            v.as_f64()
                .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
                .map(|n| n as u32)
                .ok_or_else(|| wrong_type(key, &format!("a whole number from 0 to {}", u32::MAX)))
        })
        .transpose()
}

/// A string or an array of strings, as a list.
fn strings_option(object: &JsValue, key: &str) -> Result<Option<Vec<String>>, JsError> {
    property(object, key)
        .map(|v| one_or_many(&v).ok_or_else(|| wrong_type(key, "a string or an array of strings")))
        .transpose()
}

fn one_or_many(value: &JsValue) -> Option<Vec<String>> {
    if let Some(one) = value.as_string() {
        return Some(vec![one]);
    }
    if !js_sys::Array::is_array(value) {
        return None;
    }
    js_sys::Array::from(value)
        .iter()
        .map(|v| v.as_string())
        .collect()
}

/// `names` as a list: a string, an array of strings, or nothing.
fn names_from_js(names: JsValue) -> Result<Vec<String>, JsError> {
    if names.is_undefined() || names.is_null() {
        return Ok(Vec::new());
    }
    one_or_many(&names).ok_or_else(|| JsError::new("names must be a string or an array of strings"))
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
    let cache = cached.then(|| session_cache(&prepared.resolvers));
    to_js(&run_with(&FetchTransport, prepared, clock_now(), cache.as_deref()).await)
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
    let cache = cached.then(|| session_cache(&prepared.check.resolvers));
    to_js(&order::run_with(&FetchTransport, prepared, clock_now(), cache.as_deref()).await)
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
