//! The only seam to the network: [`transport`] (one HTTP exchange, behind a small trait; a
//! native client for the CLI), [`doh`] (RFC 8484 requests and responses, without I/O) and
//! `fetch` (the browser's `fetch`, in wasm).

pub mod doh;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod transport;
