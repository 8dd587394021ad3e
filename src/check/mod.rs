//! A check, from names to answers: [`input`] reads what people paste, [`engine`] plans the
//! questions and judges the answers through the validator, [`drive`] (in `run`, re-exported here) drives
//! the engine over a transport round after round, [`order`] and [`caa`] make a certificate
//! order's lookups, [`ca_message`] reads the CA's pasted error, [`compare`] compares resolvers.
//!
//! The data path: name → [`input`] → [`engine`] plans questions → [`crate::io`] fetches
//! answers → [`crate::dnssec`] proves → [`crate::report`] says the verdict → page, widget, CLI.

pub mod ca_message;
pub mod caa;
pub mod compare;
pub mod engine;
pub mod input;
pub mod order;
pub mod run;

pub use run::*;
