//! The work of one check: memoised signature verifications and NSEC3 hashes, counted and
//! bounded by [`crate::limits`]. One [`Work`] lives as long as a check, across rounds, so a
//! zone's key set is verified once however many links, rounds and reports read it; with
//! [`SharedVerdicts`], once per run of many checks.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use hickory_proto::rr::Name;

use crate::dns::name::name_to_lowercase_wire;
use crate::dnssec::crypto;
use crate::limits::{MAX_NSEC3_HASHES_PER_CHECK, MAX_SHARED_VERDICTS, MAX_VERIFICATIONS_PER_CHECK};
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

/// Signature verdicts shared by the checks of a run or a page session (kept beside their
/// [`crate::check::AnswerCache`]), so that the root's, each TLD's and each zone's key sets are
/// verified once per run rather than once per name. A verdict depends only on what it is keyed
/// by (a SHA-256 of the algorithm, key, signed data and signature; the validity period is
/// checked apart, against each check's time), so one check's result holds for every other.
/// At most [`MAX_SHARED_VERDICTS`] are kept.
#[derive(Clone, Default)]
pub struct SharedVerdicts(Rc<RefCell<HashMap<[u8; 32], bool>>>);

impl SharedVerdicts {
    /// How many verdicts are kept.
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &[u8; 32]) -> Option<bool> {
        self.0.borrow().get(key).copied()
    }

    fn keep(&self, key: [u8; 32], verdict: bool) {
        let mut verdicts = self.0.borrow_mut();
        if verdicts.len() < MAX_SHARED_VERDICTS {
            verdicts.insert(key, verdict);
        }
    }
}

/// Memoised, counted cryptography for one check.
pub struct Work {
    verdicts: RefCell<HashMap<[u8; 32], bool>>,
    hashes: RefCell<HashMap<HashKey, [u8; 20]>>,
    verifications: Cell<u32>,
    nsec3_hashes: Cell<u32>,
    max_verifications: u32,
    max_nsec3_hashes: u32,
    shared: Option<SharedVerdicts>,
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
            shared: None,
        }
    }

    /// Also reads and fills `shared`: verdicts found there are neither computed nor counted
    /// (another check of the run did that work).
    pub fn share(&mut self, shared: SharedVerdicts) {
        self.shared = Some(shared);
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
        if let Some(verdict) = self.shared.as_ref().and_then(|s| s.get(&key)) {
            return Ok(verdict);
        }
        if self.verifications.get() >= self.max_verifications {
            return Err(OverBudget::Verifications);
        }
        self.verifications.set(self.verifications.get() + 1);
        let verdict = crypto::verify(algorithm, public_key, data, signature).is_ok();
        self.verdicts.borrow_mut().insert(key, verdict);
        if let Some(shared) = &self.shared {
            shared.keep(key, verdict);
        }
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

    #[test]
    fn shared_verdicts_serve_other_checks_uncounted_and_are_bounded() {
        let shared = SharedVerdicts::default();
        assert!(shared.is_empty());
        let mut first = Work::with_limits(8, 0);
        first.share(shared.clone());
        assert_eq!(first.verify(200, b"key", b"data", b"sig"), Ok(false));
        assert_eq!(first.counts().signature_verifications, 1);
        assert_eq!(shared.len(), 1);

        // Another check of the run: the verdict is found, not computed, not counted, and
        // found even with no budget left.
        let mut second = Work::with_limits(0, 0);
        second.share(shared.clone());
        assert_eq!(second.verify(200, b"key", b"data", b"sig"), Ok(false));
        assert_eq!(second.counts().signature_verifications, 0);
        assert_eq!(
            second.verify(200, b"key", b"data", b"other"),
            Err(OverBudget::Verifications)
        );

        // A valid signature's verdict is shared as true; a check without the shared verdicts
        // computes it itself.
        let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(&[7; 32]).unwrap();
        let key = ring::signature::KeyPair::public_key(&pair)
            .as_ref()
            .to_vec();
        let data = b"signed data".to_vec();
        let sig = pair.sign(&data).as_ref().to_vec();
        assert_eq!(first.verify(15, &key, &data, &sig), Ok(true));
        let mut third = Work::with_limits(0, 0);
        third.share(shared.clone());
        assert_eq!(third.verify(15, &key, &data, &sig), Ok(true));
        assert_eq!(
            Work::with_limits(0, 0).verify(15, &key, &data, &sig),
            Err(OverBudget::Verifications)
        );

        // Full: new verdicts are computed and used, not kept.
        let full = SharedVerdicts::default();
        for i in 0..MAX_SHARED_VERDICTS {
            let mut key = [0u8; 32];
            key[..8].copy_from_slice(&(i as u64).to_be_bytes());
            full.keep(key, true);
        }
        let mut late = Work::with_limits(8, 0);
        late.share(full.clone());
        assert_eq!(late.verify(200, b"k", b"d", b"s"), Ok(false));
        assert_eq!(full.len(), MAX_SHARED_VERDICTS);
        assert!(!full.is_empty());
    }
}
