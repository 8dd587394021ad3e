//! dnssec-health: a DNSSEC chain-of-trust checker.
//!
//! The layers, in the order data flows through them:
//!
//! - [`check`]: a name is read ([`check::input`]), the [`check::engine`] plans the questions,
//!   [`check::drive`] drives it over a transport round after round (certificate orders in
//!   [`check::order`], resolvers compared in [`check::compare`]);
//! - [`io`]: the questions go out as DNS-over-HTTPS ([`io::doh`]) through one small
//!   [`io::transport::HttpTransport`] trait (the browser's `fetch`, or a native client);
//! - [`dns`]: the answers are read as DNS (names, wire form, records, canonical form);
//! - [`dnssec`]: the validator proves them, sans IO: signatures, the chain of trust, denial
//!   of existence, trust anchors, bounded work;
//! - [`report`]: the verdict in the CA's vocabulary, with reasons, fixes and warnings, as the
//!   JSON documents the CLI, the page and the widget show.
//!
//! `main.rs` (the CLI) and `wasm.rs` (the JS API) are the two thin surfaces.

#![warn(missing_docs)]

pub mod check;
pub mod dns;
pub mod dnssec;
pub mod io;
pub mod limits;
pub mod report;
pub mod sort;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

// The flat paths of the crate's modules, as tools and tests name them.
pub use check::{ca_message, caa, compare, engine, input, order};
pub use dns::{canonical, codec, name, presentation, records, time, wire};
pub use dnssec::{anchor, crypto, denial, validate, work};
#[cfg(target_arch = "wasm32")]
pub use io::fetch;
pub use io::{doh, transport};
pub use report::{model, warnings};
