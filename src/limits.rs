//! Every bound on work that attacker-supplied data can drive, in one place.
//!
//! The resolver is untrusted (it can come from a `?resolver=` link or a widget attribute), and
//! so is the owner of any zone a user is led to check. Each loop over their data is bounded
//! here, and the work is counted ([`crate::dnssec::work::Work`]) so tests can assert on counts instead
//! of time. Exceeding a bound never yields SECURE: signature and proof limits make the lookup
//! BOGUS, query and time limits INDETERMINATE, each with a reason naming the limit.

/// The highest NSEC3 iteration count we validate. Above it the zone is treated as insecure, as
/// BIND 9.18 and Unbound do (RFC 9276 §3.2 lets validators choose the limit; both use 150).
pub const MAX_NSEC3_ITERATIONS: u16 = 150;

/// The longest CNAME/DNAME chain we follow (BIND follows 16 links, Unbound 11 restarts).
pub const MAX_ALIAS_LINKS: usize = 16;

/// Signatures over one RRset that we verify cryptographically before giving up (Unbound 1.19.1
/// after CVE-2023-50387 "KeyTrap": 8). An honest RRset carries one or two per algorithm.
pub const MAX_SIGNATURES_PER_RRSET: usize = 8;

/// Keys tried for one RRSIG, i.e. DNSKEYs sharing its key tag and algorithm (KeyTrap: an
/// attacker publishes hundreds of keys with the same tag). Honest zones have at most two
/// during a rollover; tags collide by chance in 1 of 65 536 pairs.
pub const MAX_KEYS_PER_SIGNATURE: usize = 4;

/// DNSKEYs of a zone compared with its DS records (Unbound: 4 DS match failures per zone).
/// Only keys with a DS's tag and algorithm are digested at all.
pub const MAX_DS_MATCH_ATTEMPTS: usize = 4;

/// Cryptographic signature verifications in one check (each (key, data, signature) once: the
/// results are memoised). A 100-name certificate order of distinct zones needs about 2 000.
pub const MAX_VERIFICATIONS_PER_CHECK: u32 = 4_096;

/// NSEC3 hash computations, each (name, salt, iterations) once per check (memoised), at most
/// [`MAX_NSEC3_ITERATIONS`] + 1 SHA-1 rounds each (CVE-2023-50868). An NXDOMAIN proof for a
/// name of n labels below its zone needs at most n + 1.
pub const MAX_NSEC3_HASHES_PER_CHECK: u32 = 2_048;

/// NSEC3 parameter sets (hash, iterations, salt) tried for one proof: a proof uses one chain's
/// parameters (RFC 5155 §8.2); an honest answer has one, two during a re-salting.
pub const MAX_NSEC3_PARAMETER_SETS: usize = 2;

/// Answers kept by one run's (or page session's) answer cache: a 10 000-name list needs about
/// 11 000 (one question per name, plus its zones' keys). When full, expired answers are
/// dropped, and new ones are not kept until there is room (checks then ask again).
pub const MAX_CACHED_ANSWERS: usize = 50_000;

/// Signature verdicts shared by the checks of a run or page session (32-byte keys): room for
/// the chains and answers of the longest list, a few MB at most.
pub const MAX_SHARED_VERDICTS: usize = 100_000;

/// Names in one check or certificate order (CLI, JS API, page, widget).
pub const MAX_NAMES: usize = 100;

/// Questions sent for one check: every target's chain, CAA climb and alias links fit well
/// within this; a resolver that keeps inventing names cannot make us send more.
pub const MAX_QUESTIONS_PER_CHECK: usize = 4_000;

/// Questions that one target (name and type) may add: its own chain (DS and DNSKEY at up to
/// 127 labels) and its alias links' chains.
pub const MAX_QUESTIONS_PER_TARGET: usize = 300;

/// Rounds of concurrent queries in one check: one, plus one per alias link, plus slack.
pub const MAX_ROUNDS: u32 = MAX_ALIAS_LINKS as u32 + 4;

/// The whole check's deadline by default, after which what is missing is INDETERMINATE.
pub const DEFAULT_DEADLINE_MS: u32 = 20_000;
