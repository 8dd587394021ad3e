//! The work of one check: memoised signature verifications and NSEC3 hashes, counted and
//! bounded by [`crate::limits`]. One [`Work`] lives as long as a check, across rounds, so a
//! zone's key set is verified once however many links, rounds and reports read it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use hickory_proto::rr::Name;

use crate::dns::name::name_to_lowercase_wire;
use crate::dnssec::crypto;
use crate::limits::{MAX_NSEC3_HASHES_PER_CHECK, MAX_VERIFICATIONS_PER_CHECK};
pub use crate::report::model::WorkCounts;

/// A per-check budget ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverBudget {
    /// [`MAX_VERIFICATIONS_PER_CHECK`] signature verifications were done.
    Verifications,
    /// [`MAX_NSEC3_HASHES_PER_CHECK`] NSEC3 hashes were computed.
    Nsec3Hashes,
}

impl OverBudget {
    /// The limit in words, for reasons.
    pub fn describe(self) -> String {
        match self {
            OverBudget::Verifications => format!(
                "the check reached its limit of {MAX_VERIFICATIONS_PER_CHECK} signature verifications"
            ),
            OverBudget::Nsec3Hashes => format!(
                "the check reached its limit of {MAX_NSEC3_HASHES_PER_CHECK} NSEC3 hash computations"
            ),
        }
    }
}

type HashKey = (Vec<u8>, Vec<u8>, u16);

/// Memoised, counted cryptography for one check.
pub struct Work {
    verdicts: RefCell<HashMap<[u8; 32], bool>>,
    hashes: RefCell<HashMap<HashKey, [u8; 20]>>,
    verifications: Cell<u32>,
    nsec3_hashes: Cell<u32>,
    max_verifications: u32,
    max_nsec3_hashes: u32,
}

impl Default for Work {
    fn default() -> Self {
        Work::with_limits(MAX_VERIFICATIONS_PER_CHECK, MAX_NSEC3_HASHES_PER_CHECK)
    }
}

impl Work {
    /// A ledger with other budgets (tests).
    pub fn with_limits(max_verifications: u32, max_nsec3_hashes: u32) -> Self {
        Work {
            verdicts: RefCell::default(),
            hashes: RefCell::default(),
            verifications: Cell::new(0),
            nsec3_hashes: Cell::new(0),
            max_verifications,
            max_nsec3_hashes,
        }
    }

    /// The signature verifications and NSEC3 hashes computed so far, for the report's `work`.
    pub fn counts(&self) -> WorkCounts {
        WorkCounts {
            signature_verifications: self.verifications.get(),
            nsec3_hashes: self.nsec3_hashes.get(),
        }
    }

    /// Whether `signature` by `public_key` over `data` verifies, computed once per check.
    pub fn verify(
        &self,
        algorithm: u8,
        public_key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Result<bool, OverBudget> {
        let len = |n: usize| (n as u32).to_be_bytes();
        let key = crypto::sha256(&[
            &[algorithm],
            &len(public_key.len()),
            public_key,
            &len(data.len()),
            data,
            signature,
        ]);
        if let Some(&verdict) = self.verdicts.borrow().get(&key) {
            return Ok(verdict);
        }
        if self.verifications.get() >= self.max_verifications {
            return Err(OverBudget::Verifications);
        }
        self.verifications.set(self.verifications.get() + 1);
        let verdict = crypto::verify(algorithm, public_key, data, signature).is_ok();
        self.verdicts.borrow_mut().insert(key, verdict);
        Ok(verdict)
    }

    /// The NSEC3 hash of `name` (RFC 5155 §5), computed once per check.
    pub fn nsec3_hash(
        &self,
        name: &Name,
        salt: &[u8],
        iterations: u16,
    ) -> Result<[u8; 20], OverBudget> {
        let key = (name_to_lowercase_wire(name), salt.to_vec(), iterations);
        if let Some(hash) = self.hashes.borrow().get(&key) {
            return Ok(*hash);
        }
        if self.nsec3_hashes.get() >= self.max_nsec3_hashes {
            return Err(OverBudget::Nsec3Hashes);
        }
        self.nsec3_hashes.set(self.nsec3_hashes.get() + 1);
        let hash = crate::dnssec::crypto::nsec3_hash(name, salt, iterations);
        self.hashes.borrow_mut().insert(key, hash);
        Ok(hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn hashes_are_memoised_and_budgeted() {
        let work = Work::with_limits(0, 2);
        let a = Name::from_str("a.example.").unwrap();
        let b = Name::from_str("b.example.").unwrap();
        let c = Name::from_str("c.example.").unwrap();
        let first = work.nsec3_hash(&a, b"s", 3).unwrap();
        assert_eq!(first, crate::dnssec::crypto::nsec3_hash(&a, b"s", 3));
        // The same name in another case is the same hash, not new work.
        let upper = Name::from_str("A.EXAMPLE.").unwrap();
        assert_eq!(work.nsec3_hash(&upper, b"s", 3), Ok(first));
        assert_eq!(work.counts().nsec3_hashes, 1);
        // Other parameters are other work.
        work.nsec3_hash(&a, b"t", 3).unwrap();
        assert_eq!(work.counts().nsec3_hashes, 2);
        assert_eq!(work.nsec3_hash(&b, b"s", 3), Err(OverBudget::Nsec3Hashes));
        assert_eq!(work.nsec3_hash(&c, b"s", 3), Err(OverBudget::Nsec3Hashes));
        // Known ones still answer after the budget is spent.
        assert_eq!(work.nsec3_hash(&a, b"s", 3), Ok(first));
        assert_eq!(work.counts().nsec3_hashes, 2);
    }

    #[test]
    fn budgets_are_named_with_their_limits() {
        assert_eq!(
            OverBudget::Verifications.describe(),
            format!("the check reached its limit of {MAX_VERIFICATIONS_PER_CHECK} signature verifications")
        );
        assert_eq!(
            OverBudget::Nsec3Hashes.describe(),
            format!("the check reached its limit of {MAX_NSEC3_HASHES_PER_CHECK} NSEC3 hash computations")
        );
    }

    #[test]
    fn verifications_are_memoised_and_budgeted() {
        let work = Work::with_limits(2, 0);
        // Unsupported algorithm 200: verification runs and fails, cheaply.
        assert_eq!(work.verify(200, b"key", b"data", b"sig"), Ok(false));
        assert_eq!(work.verify(200, b"key", b"data", b"sig"), Ok(false));
        assert_eq!(work.counts().signature_verifications, 1);
        // Moving bytes between fields is a different verification (length-prefixed key).
        assert_eq!(work.verify(200, b"ke", b"ydata", b"sig"), Ok(false));
        assert_eq!(work.counts().signature_verifications, 2);
        assert_eq!(
            work.verify(200, b"key", b"data", b"other"),
            Err(OverBudget::Verifications)
        );
        assert_eq!(work.counts().signature_verifications, 2);
    }
}
