//! dnssec-health: a DNSSEC chain-of-trust checker.
//!
//! The validation core is sans-IO: [`engine`] decides which DNS questions to ask and judges the
//! answers; [`check`] drives it over any [`transport::HttpTransport`] (the browser's `fetch`, or
//! a native HTTP client in the CLI).

pub mod anchor;
pub mod ca_message;
pub mod caa;
pub mod canonical;
pub mod check;
pub mod codec;
pub mod compare;
pub mod crypto;
pub mod denial;
pub mod doh;
pub mod engine;
pub mod input;
pub mod limits;
pub mod model;
pub mod order;
pub mod presentation;
pub mod records;
pub mod report;
pub mod time;
pub mod transport;
pub mod validate;
pub mod warnings;
pub mod wire;
pub mod work;

#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
