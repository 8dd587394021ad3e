//! The validator, sans IO: from fetched answers to proofs. [`validate`] walks the chain of
//! trust (anchor → DS → DNSKEY, RFC 4035 §5) and judges each answer; [`denial`] proves
//! non-existence with NSEC (RFC 4035 §5.4) and NSEC3 (RFC 5155 §8); [`crypto`] checks
//! signatures and digests; [`anchor`] holds the trust anchors; [`work`] counts and memoises
//! the work that hostile data can cause, within [`crate::limits`].
//!
//! A new rule goes where its RFC section is: signature checks in `validate` (§5.3), the chain
//! in `validate` (§5.2), a denial goal in `denial::nsec` or `denial::nsec3`.

pub mod anchor;
pub mod crypto;
pub mod denial;
pub mod validate;
pub mod work;
