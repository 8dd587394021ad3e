//! Resolvers and caches compared: the same check through every configured resolver, each on
//! its own (no fallback), and where they differ: verdicts, the DS and DNSKEY sets (key tags)
//! with the TTL each resolver's cache still gives them, and the SOA serials. A fix made at the
//! registrar or the DNS host reaches a CA only when the CA's resolver cache lets go of the old
//! answers; the differences say until when, in words.

use hickory_proto::rr::RecordType;

use crate::dns::name::display;
use crate::dns::wire::WireMessage;
use crate::dnssec::validate::rfc3339;
use crate::report::model::{Comparison, LookupReport, LookupView, ResolverView, SoaView, ZoneView};
use crate::report::{status_and_error, tag_list, Status};

/// The host of a resolver URL, as people name resolvers.
fn resolver_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_string()
}

/// The SOA (zone, serial, TTL) in an answer: the RRset itself, or the zone's SOA that a
/// negative answer carries in its authority section.
pub fn soa_in(message: &WireMessage) -> Option<SoaView> {
    message
        .answers
        .iter()
        .chain(&message.authorities)
        .find(|r| r.rtype == RecordType::SOA)
        .and_then(|record| {
            let serial = match &record.data {
                Some(hickory_proto::rr::RData::SOA(soa)) => soa.serial,
                _ => return None,
            };
            Some(SoaView {
                zone: display(&record.name),
                serial,
                ttl: record.ttl,
            })
        })
}

/// What one resolver's engine found, as a view.
pub fn view_of(
    resolver: &str,
    results: &[LookupReport],
    soa: Vec<SoaView>,
    queries: u32,
) -> ResolverView {
    let mut zones: Vec<ZoneView> = Vec::new();
    for result in results {
        for zone in result.links.iter().flat_map(|l| &l.chain) {
            // The verdict below a zone: the worst of the lookups whose chain passes through it.
            if let Some(seen) = zones.iter_mut().find(|z| z.zone == zone.zone) {
                seen.status = seen.status.max(result.status);
                continue;
            }
            let mut ds_tags: Vec<u16> = zone.ds.iter().map(|d| d.key_tag).collect();
            crate::sort::sort(&mut ds_tags);
            ds_tags.dedup();
            let mut dnskey_tags: Vec<u16> = zone.dnskeys.iter().map(|k| k.key_tag).collect();
            crate::sort::sort(&mut dnskey_tags);
            dnskey_tags.dedup();
            zones.push(ZoneView {
                zone: zone.zone.clone(),
                status: result.status,
                ds_tags,
                ds_ttl: zone.ds_ttl,
                dnskey_tags,
                dnskey_ttl: zone.dnskey_ttl,
            });
        }
    }
    let mut unique_soa: Vec<SoaView> = Vec::new();
    for s in soa {
        if !unique_soa.iter().any(|u| u.zone == s.zone) {
            unique_soa.push(s);
        }
    }
    ResolverView {
        resolver: resolver.to_string(),
        status: results
            .iter()
            .map(|r| r.status)
            .max()
            .unwrap_or(Status::Indeterminate),
        lookups: results
            .iter()
            .map(|r| LookupView {
                name: r.name.clone(),
                rtype: r.rtype.clone(),
                status: r.status,
                error: r.error,
            })
            .collect(),
        zones,
        soa: unique_soa,
        queries,
    }
}

/// Compares the views: every difference in words. `now` is the validation time (unix seconds).
pub fn compare(views: Vec<ResolverView>, now: u64) -> Comparison {
    let mut differences = Vec::new();
    let until = |ttl: Option<u32>| -> String {
        ttl.map_or(String::new(), |ttl| {
            format!(
                " until {}",
                rfc3339((now + u64::from(ttl)) as u32, now as u32)
            )
        })
    };
    // Resolvers by host; by host and path where two share a host.
    let hosts: Vec<String> = views.iter().map(|v| resolver_name(&v.resolver)).collect();
    let name_of = |index: usize| -> String {
        if hosts.iter().filter(|h| **h == hosts[index]).count() > 1 {
            let url = &views[index].resolver;
            url.split_once("://")
                .map_or(url.as_str(), |(_, rest)| rest)
                .to_string()
        } else {
            hosts[index].clone()
        }
    };
    if let Some((first, rest)) = views.split_first() {
        let a = name_of(0);
        for (index, other) in rest.iter().enumerate() {
            let b = name_of(index + 1);
            for (mine, theirs) in first.lookups.iter().zip(&other.lookups) {
                if (mine.status, mine.error) != (theirs.status, theirs.error) {
                    differences.push(format!(
                        "{}/{}: {a} gives {}, {b} gives {}.",
                        mine.name,
                        mine.rtype,
                        status_and_error(mine.status, mine.error),
                        status_and_error(theirs.status, theirs.error)
                    ));
                }
            }
            for theirs in &other.zones {
                let Some(mine) = first.zones.iter().find(|z| z.zone == theirs.zone) else {
                    continue;
                };
                for (kind, their_tags, their_ttl, my_tags) in [
                    ("DS", &theirs.ds_tags, theirs.ds_ttl, &mine.ds_tags),
                    (
                        "DNSKEY",
                        &theirs.dnskey_tags,
                        theirs.dnskey_ttl,
                        &mine.dnskey_tags,
                    ),
                ] {
                    if their_tags != my_tags {
                        differences.push(format!(
                            "{}: {b} serves {kind} {}{} where {a} serves {kind} {}; {b} sees {}, and a CA resolver that cached the same may see {}{}.",
                            theirs.zone,
                            tag_list(their_tags),
                            their_ttl.map_or(String::new(), |t| format!(" (TTL {t} s left)")),
                            tag_list(my_tags),
                            theirs.status.as_str(),
                            theirs.status.as_str(),
                            until(their_ttl),
                        ));
                    }
                }
            }
            for theirs in &other.soa {
                let Some(mine) = first.soa.iter().find(|s| s.zone == theirs.zone) else {
                    continue;
                };
                if mine.serial != theirs.serial {
                    differences.push(format!(
                        "{}: {a} has SOA serial {} and {b} serial {} (TTL {} s left): the zone changed, and not every cache has the change yet.",
                        theirs.zone, mine.serial, theirs.serial, theirs.ttl
                    ));
                }
            }
        }
    }
    let agree = differences.is_empty();
    let summary = match views.len() {
        0 | 1 => "Only one resolver was asked; add another to compare.".to_string(),
        n if agree => format!(
            "All {n} resolvers agree: the same verdicts, DS and DNSKEY sets and SOA serials."
        ),
        n => format!(
            "The {n} resolvers disagree in {} point{}: a change is still reaching caches, or a resolver sees a different state.",
            differences.len(),
            if differences.len() == 1 { "" } else { "s" }
        ),
    };
    Comparison {
        agree,
        summary,
        differences,
        resolvers: views,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ErrorCode;

    fn view(resolver: &str, status: Status, ds: &[u16], keys: &[u16], serial: u32) -> ResolverView {
        ResolverView {
            resolver: resolver.into(),
            status,
            lookups: vec![LookupView {
                name: "www.example.com".into(),
                rtype: "A".into(),
                status,
                error: (status == Status::Bogus).then_some(ErrorCode::DnskeyMissing),
            }],
            zones: vec![ZoneView {
                zone: "example.com".into(),
                status,
                ds_tags: ds.to_vec(),
                ds_ttl: Some(80_000),
                dnskey_tags: keys.to_vec(),
                dnskey_ttl: Some(3_600),
            }],
            soa: vec![SoaView {
                zone: "example.com".into(),
                serial,
                ttl: 300,
            }],
            queries: 8,
        }
    }

    #[test]
    fn resolvers_on_one_host_are_named_by_their_paths() {
        let c = compare(
            vec![
                view("https://r.test/dns-query", Status::Secure, &[1], &[1], 7),
                view(
                    "https://r.test/old/dns-query",
                    Status::Secure,
                    &[1],
                    &[1],
                    6,
                ),
            ],
            0,
        );
        assert_eq!(
            c.differences,
            ["example.com: r.test/dns-query has SOA serial 7 and r.test/old/dns-query serial 6 (TTL 300 s left): the zone changed, and not every cache has the change yet."]
        );
    }

    #[test]
    fn agreeing_resolvers_say_so() {
        let c = compare(
            vec![
                view("https://a.test/dns-query", Status::Secure, &[1], &[1, 2], 7),
                view("https://b.test/dns-query", Status::Secure, &[1], &[1, 2], 7),
            ],
            1_800_000_000,
        );
        assert!(c.agree);
        assert!(c.differences.is_empty());
        assert!(
            c.summary.starts_with("All 2 resolvers agree"),
            "{}",
            c.summary
        );
    }

    #[test]
    fn a_ds_rollover_in_progress_is_told_with_the_time() {
        let c = compare(
            vec![
                view("https://a.test/dns-query", Status::Secure, &[2], &[2, 3], 8),
                view(
                    "https://b.test/dns-query?x=1",
                    Status::Bogus,
                    &[1],
                    &[2, 3],
                    7,
                ),
            ],
            1_800_000_000,
        );
        assert!(!c.agree);
        assert_eq!(c.differences.len(), 3, "{:#?}", c.differences);
        assert_eq!(
            c.differences[0],
            "www.example.com/A: a.test gives SECURE, b.test gives BOGUS DNSKEY_MISSING."
        );
        assert_eq!(
            c.differences[1],
            "example.com: b.test serves DS 1 (TTL 80000 s left) where a.test serves DS 2; b.test sees BOGUS, and a CA resolver that cached the same may see BOGUS until 2027-01-16T06:13:20Z."
        );
        assert!(c.differences[2].contains("a.test has SOA serial 8 and b.test serial 7"));
        assert!(c.summary.contains("disagree in 3 points"), "{}", c.summary);
    }
}
