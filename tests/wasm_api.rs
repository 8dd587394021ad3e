//! The wasm build against the DNSSEC test lab, in whatever host wasm-bindgen-test-runner
//! picks: Node by default, headless Chromium with `WASM_BINDGEN_USE_BROWSER=1`, a dedicated
//! Web Worker with `WASM_BINDGEN_USE_DEDICATED_WORKER=1`. `scripts/test-web.sh` starts the
//! lab and passes its DoH URL, fault URLs and trust anchor at compile time:
//!
//! ```sh
//! DNSSEC_LAB_JSON="$(python3 tests/lab/lab.py start --dir target/lab)" \
//! DNSSEC_LAB_ANCHOR="$(cat target/lab/anchor.ds)" \
//!   cargo test --target wasm32-unknown-unknown --no-default-features --test wasm_api
//! ```
//!
//! It tests the `fetch` transport on its own and the exported `check()` through the same
//! `JsValue` boundary JavaScript uses.
#![cfg(target_arch = "wasm32")]

use dnssec_health::doh;
use dnssec_health::fetch::FetchTransport;
use dnssec_health::transport::{HttpMethod, HttpTransport, TransportError};
use dnssec_health::validate::Question;
use hickory_proto::rr::{Name, RecordType};
use js_sys::{Array, Object, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

struct Lab {
    doh: String,
    anchor: &'static str,
    faults: serde_json::Map<String, Value>,
}

fn lab() -> Lab {
    // Read at build time; unset only when built outside scripts/test-web.sh.
    let (Some(json), Some(anchor)) = (
        option_env!("DNSSEC_LAB_JSON"),
        option_env!("DNSSEC_LAB_ANCHOR"),
    ) else {
        panic!("DNSSEC_LAB_JSON and DNSSEC_LAB_ANCHOR were not set at build time: run scripts/test-web.sh");
    };
    let line = json.lines().last().unwrap_or_default();
    let value: Value = serde_json::from_str(line).expect("DNSSEC_LAB_JSON is lab.py's JSON line");
    Lab {
        doh: value["doh"].as_str().expect("doh URL").to_string(),
        anchor,
        faults: value["faults"].as_object().expect("faults").clone(),
    }
}

impl Lab {
    fn fault(&self, name: &str) -> String {
        self.faults[name].as_str().expect("fault URL").to_string()
    }
}

fn soa_of_root() -> Question {
    Question::new(&Name::root(), RecordType::SOA)
}

async fn exchange(url: &str, method: HttpMethod, timeout_ms: u32) -> Result<u16, TransportError> {
    let request = doh::request(url, method, &soa_of_root());
    let response = FetchTransport.send(request, timeout_ms).await?;
    if response.status == 200 {
        assert_eq!(response.content_type, doh::DNS_MESSAGE);
        let message = doh::read_response(&response).expect("a DNS message");
        assert_eq!(message.rcode, 0, "NOERROR");
        assert!(
            message
                .answers
                .iter()
                .any(|r| r.rtype == RecordType::SOA && r.name.is_root()),
            "the root SOA is in the answer"
        );
        assert!(
            message.answers.iter().any(|r| r.rtype == RecordType::RRSIG),
            "DO=1 brought the RRSIG"
        );
    }
    Ok(response.status)
}

#[wasm_bindgen_test]
async fn fetch_get_brings_a_dns_message() {
    assert_eq!(exchange(&lab().doh, HttpMethod::Get, 5_000).await, Ok(200));
}

#[wasm_bindgen_test]
async fn fetch_post_brings_a_dns_message() {
    assert_eq!(exchange(&lab().doh, HttpMethod::Post, 5_000).await, Ok(200));
}

#[wasm_bindgen_test]
async fn fetch_reports_an_http_error_status() {
    let url = lab().fault("status500");
    assert_eq!(exchange(&url, HttpMethod::Get, 5_000).await, Ok(500));
}

#[wasm_bindgen_test]
async fn fetch_reports_a_refused_connection_as_a_network_error() {
    let url = lab().fault("closed");
    match exchange(&url, HttpMethod::Get, 5_000).await {
        Err(TransportError::Network(detail)) => assert!(!detail.is_empty()),
        other => panic!("expected a network error, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn fetch_times_out() {
    // The slow endpoint answers after 30 s.
    let url = lab().fault("slow");
    assert_eq!(
        exchange(&url, HttpMethod::Get, 300).await,
        Err(TransportError::Timeout { after_ms: 300 })
    );
}

/// `{ resolvers: [url], trustAnchor: <lab anchor>, ...extra }` as JavaScript would pass it.
fn lab_options(resolver: &str, extra: &[(&str, JsValue)]) -> JsValue {
    let options = Object::new();
    let resolvers = Array::of1(&JsValue::from_str(resolver));
    Reflect::set(&options, &"resolvers".into(), &resolvers).unwrap();
    Reflect::set(&options, &"trustAnchor".into(), &lab().anchor.into()).unwrap();
    for (key, value) in extra {
        Reflect::set(&options, &(*key).into(), value).unwrap();
    }
    options.into()
}

async fn check(names: JsValue, options: JsValue) -> Value {
    let document = dnssec_health::wasm::check(names, options)
        .await
        .unwrap_or_else(|e| panic!("check() rejected: {:?}", JsValue::from(e)));
    serde_wasm_bindgen::from_value(document).expect("the report is plain JSON data")
}

fn result<'a>(document: &'a Value, name: &str) -> &'a Value {
    document["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["name"].as_str().map(|n| n.trim_end_matches('.')) == Some(name))
        .unwrap_or_else(|| panic!("no result for {name} in {document}"))
}

#[wasm_bindgen_test]
async fn check_secure_name() {
    let lab = lab();
    let doc = check("www.alg13.lab".into(), lab_options(&lab.doh, &[])).await;
    let r = result(&doc, "www.alg13.lab");
    assert_eq!(r["status"], "SECURE", "{}", r["reason"]);
    assert_eq!(r["error"], Value::Null);
    assert_eq!(r["chain"][0]["zone"], ".");
    assert_eq!(doc["line"], "www.alg13.lab;SECURE");
    assert_eq!(doc["trust_anchor"], "custom");
    assert!(doc["queries"].as_u64().unwrap() > 0);
}

#[wasm_bindgen_test]
async fn check_several_names_and_types_by_post() {
    let lab = lab();
    let names = Array::of2(&"www.badsig.lab".into(), &"www.unsigned.lab".into());
    let types = Array::of1(&"A".into());
    let options = lab_options(
        &lab.doh,
        &[("types", types.into()), ("method", "POST".into())],
    );
    let doc = check(names.into(), options).await;
    let bogus = result(&doc, "www.badsig.lab");
    assert_eq!(bogus["status"], "BOGUS");
    assert_eq!(bogus["error"], "DNSSEC_BOGUS");
    assert_eq!(bogus["broken_zone"], "badsig.lab");
    let insecure = result(&doc, "www.unsigned.lab");
    assert_eq!(insecure["status"], "INSECURE");
    assert_eq!(
        doc["line"],
        "www.badsig.lab;BOGUS;DNSSEC_BOGUS,www.unsigned.lab;INSECURE"
    );
}

#[wasm_bindgen_test]
async fn check_through_a_broken_resolver_is_indeterminate() {
    let lab = lab();
    let doc = check("www.alg13.lab".into(), lab_options(&lab.fault("html"), &[])).await;
    let r = result(&doc, "www.alg13.lab");
    assert_eq!(r["status"], "INDETERMINATE");
    assert_eq!(r["error"], "IO_EXCEPTION");
}

#[wasm_bindgen_test]
async fn check_falls_back_to_the_next_resolver() {
    let lab = lab();
    let options = lab_options(&lab.fault("closed"), &[]);
    let resolvers = Array::of2(&lab.fault("closed").into(), &lab.doh.clone().into());
    Reflect::set(&options, &"resolvers".into(), &resolvers).unwrap();
    let doc = check("www.alg13.lab".into(), options).await;
    assert_eq!(result(&doc, "www.alg13.lab")["status"], "SECURE");
}

async fn rejection(names: JsValue, options: JsValue) -> String {
    match dnssec_health::wasm::check(names, options).await {
        Ok(doc) => panic!("check() resolved: {doc:?}"),
        Err(error) => {
            let error: js_sys::Error = JsValue::from(error).dyn_into().expect("an Error");
            String::from(error.message())
        }
    }
}

#[wasm_bindgen_test]
async fn check_rejects_bad_input_with_a_clear_error() {
    let lab = lab();
    let message = rejection("exa..mple.com".into(), lab_options(&lab.doh, &[])).await;
    assert!(
        message.contains("\"exa..mple.com\" is not a valid domain name"),
        "{message}"
    );

    let message = rejection(
        "example.com".into(),
        lab_options(&lab.doh, &[("trustanchor", "x".into())]),
    )
    .await;
    assert!(message.contains("unknown field `trustanchor`"), "{message}");

    let message = rejection(
        "example.com".into(),
        lab_options("ftp://resolver.example/", &[]),
    )
    .await;
    assert!(message.contains("ftp://resolver.example/"), "{message}");

    let message = rejection(JsValue::from_f64(42.0), JsValue::UNDEFINED).await;
    assert!(message.contains("names must be"), "{message}");
}

#[wasm_bindgen_test]
async fn check_order_reports_every_lookup() {
    let lab = lab();
    let names = Array::of3(
        &"www.alg13.lab".into(),
        &"*.alg13.lab".into(),
        &"www.stripnsec.lab".into(),
    );
    let options = lab_options(&lab.doh, &[("ca", "digicert.com".into())]);
    let document = dnssec_health::wasm::check_order(names.into(), options)
        .await
        .unwrap_or_else(|e| panic!("checkOrder() rejected: {:?}", JsValue::from(e)));
    let doc: Value = serde_wasm_bindgen::from_value(document).expect("plain JSON data");
    assert_eq!(
        doc["line"],
        "www.alg13.lab;SECURE,*.alg13.lab;SECURE,www.stripnsec.lab;BOGUS;NSEC_MISSING"
    );
    assert_eq!(doc["ca"], "digicert.com");
    let secure = &doc["names"][0];
    let purposes: Vec<&str> = secure["lookups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(
        purposes,
        [
            "caa",
            "caa",
            "caa",
            "acme-dns-01",
            "dnsauth",
            "validation-persist"
        ]
    );
    assert_eq!(secure["caa"]["ca_may_issue"], true);
    let bogus = &doc["names"][2];
    assert_eq!(bogus["decisive_lookup"], 0);
    assert_eq!(bogus["lookups"][0]["name"], "www.stripnsec.lab");
    assert_eq!(bogus["caa"]["complete"], false);
    assert_eq!(bogus["caa"]["ca_may_issue"], Value::Null);
}

#[wasm_bindgen_test]
async fn check_order_refuses_check_only_options() {
    let lab = lab();
    let options = lab_options(&lab.doh, &[("types", "TXT".into())]);
    let error = dnssec_health::wasm::check_order("example.com".into(), options)
        .await
        .expect_err("types is not an order option");
    let error: js_sys::Error = JsValue::from(error).dyn_into().expect("an Error");
    assert!(String::from(error.message()).contains("unknown field `types`"));
}

/// IDNA in wasm goes through the host's URL parser (the same UTS #46 processing as the idna
/// crate of the native build): `Bücher` → `xn--bcher-kva`, fullwidth digits → ASCII digits
/// (not an IPv4 address), and a label the URL parser refuses is a clear input error.
#[wasm_bindgen_test]
async fn idn_names_become_a_labels() {
    let lab = lab();
    let names = Array::of2(&"Bücher.alg13.lab".into(), &"１２３.alg13.lab".into());
    let doc = check(names.into(), lab_options(&lab.doh, &[])).await;
    let shown: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["xn--bcher-kva.alg13.lab", "123.alg13.lab"]);
    let message = rejection("a\u{fffd}b.example".into(), lab_options(&lab.doh, &[])).await;
    assert!(message.contains("is not a valid"), "{message}");
}
