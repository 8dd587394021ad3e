//! DNS without DNSSEC judgement: names (the bottom of the crate), the wire form of queries and
//! answers, the RDATA the validator reads, canonical form and order, presentation text, codecs
//! and time. Everything above builds on these; nothing here imports from above.

pub mod canonical;
pub mod codec;
pub mod name;
pub mod presentation;
pub mod records;
pub mod time;
pub mod wire;
