//! The JavaScript API: a thin `#[wasm_bindgen]` boundary over [`crate::check`]. Inputs are
//! only reshaped here; every check of their content is in the core.
//!
//! ```js
//! import init, { check, defaultResolvers } from "./pkg/dnssec_health.js";
//! await init();
//! const doc = await check("example.com", { resolvers: ["https://dns.google/dns-query"] });
//! ```

use serde::Deserialize;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::check::{prepare, run, CheckOptions, DEFAULT_RESOLVERS};
use crate::fetch::FetchTransport;
use crate::transport::HttpMethod;

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
    /// `"GET"` (default) or `"POST"`.
    method: Option<String>,
}

const OPTION_KEYS: &[&str] = &[
    "resolvers",
    "trustAnchor",
    "now",
    "types",
    "timeoutMs",
    "method",
];

fn options_from_js(value: JsValue) -> Result<CheckOptions, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(CheckOptions::default());
    }
    // serde-wasm-bindgen only looks up the declared fields, so refuse unknown keys here.
    if value.is_object() && !js_sys::Array::is_array(&value) {
        for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !OPTION_KEYS.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "invalid options: unknown field `{key}`, expected one of {}",
                    OPTION_KEYS.join(", ")
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
    Ok(CheckOptions {
        resolvers: js.resolvers.map(OneOrMany::into_vec).unwrap_or_default(),
        trust_anchor: js.trust_anchor,
        now: js.now,
        types: js.types.map(OneOrMany::into_vec).unwrap_or_default(),
        timeout_ms: js.timeout_ms,
        method,
    })
}

/// Checks the DNSSEC chain of trust of `names` (a string, or an array of strings; a string may
/// hold several names separated by commas or spaces). Resolves to the JSON report document
/// (the same as the CLI's `--json`); rejects with an `Error` when an input is unusable.
#[wasm_bindgen]
pub async fn check(names: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let names: Vec<String> = if names.is_undefined() || names.is_null() {
        Vec::new()
    } else {
        serde_wasm_bindgen::from_value::<OneOrMany>(names)
            .map_err(|_| JsError::new("names must be a string or an array of strings"))?
            .into_vec()
    };
    let options = options_from_js(options)?;
    let prepared = prepare(&names, &options).map_err(|e| JsError::new(&e.to_string()))?;
    let clock_now = (js_sys::Date::now() / 1000.0).floor() as i64;
    let document = run(&FetchTransport, prepared, clock_now).await;
    document
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("the report could not be converted: {e}")))
}

/// Splits a pasted list (names or record types separated by commas, semicolons, spaces or
/// newlines) exactly as `check` does.
#[wasm_bindgen(js_name = splitList)]
pub fn split_list(text: &str) -> Vec<String> {
    crate::input::split_names(text)
        .into_iter()
        .map(str::to_string)
        .collect()
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
