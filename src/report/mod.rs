//! What a check says: the verdict vocabulary (statuses, the CA's error codes, RFC 8914 EDEs,
//! every problem with its reason and fix) re-exported from `verdict`; the JSON documents in
//! [`model`]; the warnings before failure in [`warnings`]. English sentences live here.

pub mod assemble;
pub mod model;
mod verdict;
pub mod warnings;

pub use verdict::*;
