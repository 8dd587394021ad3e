//! DNS wire format: the query we send (RFC 8484 §4.1) and a defensive reader for the answers.
//!
//! Answers are read record by record (names with hickory-proto), and each record keeps its raw
//! RDATA exactly as it came off the wire: the canonical form used for signature checks
//! (RFC 4034 §6.2) is built from those bytes, never from a re-encoding that could differ.
//! The few types the report presents are also decoded (see `decode_rdata`); a message whose
//! framing is broken is rejected as a whole with a [`WireError`].

use hickory_proto::rr::{Name, RData, RecordType};
use hickory_proto::serialize::binary::{BinDecodable, BinDecoder, Restrict};

/// The EDNS(0) UDP payload size we advertise: the DNS Flag Day 2020 value.
pub const EDNS_BUFFER_SIZE: u16 = 1232;

/// Builds the DNS query message for a DoH request: ID 0 so that GET requests are cacheable
/// (RFC 8484 §4.1), RD=1, CD=1 so the resolver hands over data that fails validation instead of
/// SERVFAIL (RFC 4035 §3.2.2), and EDNS(0) with DO=1 (RFC 3225) and a 1232-byte buffer.
pub fn build_query(name: &Name, rtype: RecordType) -> Vec<u8> {
    const RD: u16 = 0x0100; // RFC 1035 §4.1.1
    const CD: u16 = 0x0010; // RFC 4035 §3.2.2
    const DO: u32 = 0x8000; // RFC 3225 §3, in the OPT TTL field
    let mut query = Vec::with_capacity(HEADER_LEN + 8 + 11 + name.len());
    // Header: ID 0, flags, one question, no answer or authority, one additional (OPT).
    for field in [0, RD | CD, 1, 0, 0, 1] {
        query.extend(u16::to_be_bytes(field));
    }
    // Question: the name uncompressed and lowercased, type, class IN.
    query.extend(crate::dns::name::name_to_lowercase_wire(name));
    query.extend(u16::from(rtype).to_be_bytes());
    query.extend(1u16.to_be_bytes());
    // OPT pseudo-record (RFC 6891 §6.1.2): root owner, type 41, class = UDP payload size,
    // TTL = extended RCODE 0, version 0, DO; no options.
    query.push(0);
    query.extend(u16::from(RecordType::OPT).to_be_bytes());
    query.extend(EDNS_BUFFER_SIZE.to_be_bytes());
    query.extend(DO.to_be_bytes());
    query.extend(0u16.to_be_bytes());
    query
}

/// One resource record as received.
#[derive(Clone, Debug)]
pub struct WireRecord {
    /// Owner name, case preserved.
    pub name: Name,
    /// The record's type.
    pub rtype: RecordType,
    /// The record's class, 1 for IN (RFC 1035 §3.2.4).
    pub class: u16,
    /// The TTL as received: from a resolver, the time its cache still keeps the record, seconds.
    pub ttl: u32,
    /// RDATA exactly as received (names inside may be compressed for the RFC 1035 types).
    pub raw_rdata: Vec<u8>,
    /// RDATA decoded by hickory-proto, when it could.
    pub data: Option<RData>,
}

/// The parts of a DNS response the validator looks at.
#[derive(Clone, Debug)]
pub struct WireMessage {
    /// The message ID; DoH queries use 0 (RFC 8484 §4.1), and the answer must echo it.
    pub id: u16,
    /// The QR bit (RFC 1035 §4.1.1); always set, as queries are rejected.
    pub is_response: bool,
    /// The TC bit: the message was truncated (RFC 1035 §4.1.1).
    pub truncated: bool,
    /// The AA bit: an authoritative answer (RFC 1035 §4.1.1).
    pub authoritative: bool,
    /// The RA bit: the server offers recursion (RFC 1035 §4.1.1).
    pub recursion_available: bool,
    /// Full response code, including the EDNS extended bits (RFC 6891 §6.1.3).
    pub rcode: u16,
    /// The first entry of the question section (name and type), when there is one.
    pub question: Option<(Name, RecordType)>,
    /// The answer section's records, in order.
    pub answers: Vec<WireRecord>,
    /// The authority section's records, in order.
    pub authorities: Vec<WireRecord>,
    /// The message's size in bytes (for the fragmentation warning of large DNSKEY answers).
    pub size: usize,
}

/// Why a body could not be read as a DNS message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// Shorter than a DNS header.
    TooShort {
        /// The body's length, bytes.
        len: usize,
    },
    /// The counts in the header promise more than the body holds.
    Truncated {
        /// The section cut short: `question`, `answer`, `authority` or `additional`.
        section: &'static str,
    },
    /// A name, type or length field is invalid.
    Malformed {
        /// What is invalid, and in which section.
        detail: String,
    },
    /// The message is a query, not a response.
    NotAResponse,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::TooShort { len } => {
                write!(
                    f,
                    "the body is {len} bytes long, too short for a DNS message"
                )
            }
            WireError::Truncated { section } => {
                write!(
                    f,
                    "the DNS message ends in the middle of its {section} section"
                )
            }
            WireError::Malformed { detail } => write!(f, "the DNS message is malformed: {detail}"),
            WireError::NotAResponse => write!(f, "the body is a DNS query, not a response"),
        }
    }
}

const HEADER_LEN: usize = 12;

/// Reads a DNS response. Every length is checked; nothing here panics on hostile input.
/// Bytes after the last counted record are ignored; [`parse_message_and_length`] says where
/// the message ends.
pub fn parse_message(bytes: &[u8]) -> Result<WireMessage, WireError> {
    parse_message_and_length(bytes).map(|(message, _)| message)
}

/// Reads a DNS response like [`parse_message`] and also returns how many bytes of `bytes`
/// the message occupies: the header and every record its counts announce.
pub fn parse_message_and_length(bytes: &[u8]) -> Result<(WireMessage, usize), WireError> {
    if bytes.len() < HEADER_LEN {
        return Err(WireError::TooShort { len: bytes.len() });
    }
    let u16_at = |i: usize| u16::from_be_bytes([bytes[i], bytes[i + 1]]);
    let id = u16_at(0);
    let flags = u16_at(2);
    let counts = [u16_at(4), u16_at(6), u16_at(8), u16_at(10)];
    let is_response = flags & 0x8000 != 0;
    if !is_response {
        return Err(WireError::NotAResponse);
    }
    let mut decoder = BinDecoder::new(bytes);
    decoder
        .read_slice(HEADER_LEN)
        .map_err(|_| WireError::TooShort { len: bytes.len() })?;

    let mut question = None;
    for index in 0..counts[0] {
        let name = read_name(&mut decoder, "question")?;
        let rtype = read_u16(&mut decoder, "question")?;
        let _class = read_u16(&mut decoder, "question")?;
        if index == 0 {
            question = Some((name, RecordType::from(rtype)));
        }
    }
    let answers = read_section(bytes, &mut decoder, counts[1], "answer")?;
    let authorities = read_section(bytes, &mut decoder, counts[2], "authority")?;
    let additionals = read_section(bytes, &mut decoder, counts[3], "additional")?;

    let mut rcode = flags & 0x000f;
    if let Some(opt) = additionals.iter().find(|r| r.rtype == RecordType::OPT) {
        // The OPT TTL field carries the upper 8 bits of the response code (RFC 6891 §6.1.3).
        rcode |= ((opt.ttl >> 24) as u16) << 4;
    }
    let length = decoder.index();
    let message = WireMessage {
        id,
        is_response,
        truncated: flags & 0x0200 != 0,
        authoritative: flags & 0x0400 != 0,
        recursion_available: flags & 0x0080 != 0,
        rcode,
        question,
        answers,
        authorities,
        size: length,
    };
    Ok((message, length))
}

fn read_section(
    message: &[u8],
    decoder: &mut BinDecoder<'_>,
    count: u16,
    section: &'static str,
) -> Result<Vec<WireRecord>, WireError> {
    let mut records = Vec::with_capacity(usize::from(count).min(64));
    for _ in 0..count {
        records.push(read_record(message, decoder, section)?);
    }
    Ok(records)
}

fn read_record(
    message: &[u8],
    decoder: &mut BinDecoder<'_>,
    section: &'static str,
) -> Result<WireRecord, WireError> {
    let name = read_name(decoder, section)?;
    let rtype = RecordType::from(read_u16(decoder, section)?);
    let class = read_u16(decoder, section)?;
    let ttl = read_u32(decoder, section)?;
    let rdlength = read_u16(decoder, section)?;
    let start = decoder.index();
    let raw_rdata = decoder
        .read_slice(usize::from(rdlength))
        .map_err(|_| WireError::Truncated { section })?
        .unverified()
        .to_vec();
    let data = decode_rdata(message, start, usize::from(rdlength), rtype);
    Ok(WireRecord {
        name,
        rtype,
        class,
        ttl,
        raw_rdata,
        data,
    })
}

/// Decodes the RDATA of the types the report presents or the validator follows (RFC 1035
/// §3.3, RFC 3596, RFC 2782), in place so that compression pointers in names resolve against
/// the whole message. Other types, and RDATA that does not parse exactly, stay raw bytes only:
/// the DNSSEC types are read from the raw bytes by [`crate::dns::records`]. (Decoding only these
/// few types, rather than through hickory's decoder for every type, keeps the wasm small.)
fn decode_rdata(message: &[u8], start: usize, len: usize, rtype: RecordType) -> Option<RData> {
    use hickory_proto::rr::rdata::{A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT};
    let end = start.checked_add(len)?;
    let raw = message.get(start..end)?;
    let mut d = BinDecoder::new(message);
    d.read_slice(start).ok()?;
    let u16 = |d: &mut BinDecoder<'_>| d.read_u16().ok().map(Restrict::unverified);
    let u32 = |d: &mut BinDecoder<'_>| d.read_u32().ok().map(Restrict::unverified);
    let name = |d: &mut BinDecoder<'_>| Name::read(d).ok();
    let data = match rtype {
        RecordType::A => return Some(RData::A(A(<[u8; 4]>::try_from(raw).ok()?.into()))),
        RecordType::AAAA => return Some(RData::AAAA(AAAA(<[u8; 16]>::try_from(raw).ok()?.into()))),
        RecordType::TXT => {
            let mut strings = Vec::new();
            let mut rest = raw;
            while let Some((&n, tail)) = rest.split_first() {
                let n = usize::from(n);
                strings.push(tail.get(..n)?);
                rest = &tail[n..];
            }
            return Some(RData::TXT(TXT::from_bytes(strings)));
        }
        RecordType::CNAME => RData::CNAME(CNAME(name(&mut d)?)),
        RecordType::NS => RData::NS(NS(name(&mut d)?)),
        RecordType::PTR => RData::PTR(PTR(name(&mut d)?)),
        RecordType::MX => {
            let preference = u16(&mut d)?;
            RData::MX(MX::new(preference, name(&mut d)?))
        }
        RecordType::SRV => {
            let (priority, weight, port) = (u16(&mut d)?, u16(&mut d)?, u16(&mut d)?);
            RData::SRV(SRV::new(priority, weight, port, name(&mut d)?))
        }
        RecordType::SOA => {
            let (mname, rname) = (name(&mut d)?, name(&mut d)?);
            let mut numbers = [0u32; 5];
            for n in &mut numbers {
                *n = u32(&mut d)?;
            }
            let [serial, refresh, retry, expire, minimum] = numbers;
            RData::SOA(SOA::new(
                mname,
                rname,
                serial,
                refresh as i32,
                retry as i32,
                expire as i32,
                minimum,
            ))
        }
        _ => return None,
    };
    // A name must end exactly where the RDATA does.
    (d.index() == end).then_some(data)
}

fn read_name(decoder: &mut BinDecoder<'_>, section: &'static str) -> Result<Name, WireError> {
    // (hickory's error text is not used: formatting it links its Unicode name display.)
    Name::read(decoder).map_err(|_| WireError::Malformed {
        detail: format!(
            "bad name in the {section} section (a label or compression pointer is invalid, or \
             the name is too long)"
        ),
    })
}

fn read_u16(decoder: &mut BinDecoder<'_>, section: &'static str) -> Result<u16, WireError> {
    decoder
        .read_u16()
        .map(Restrict::unverified)
        .map_err(|_| WireError::Truncated { section })
}

fn read_u32(decoder: &mut BinDecoder<'_>, section: &'static str) -> Result<u32, WireError> {
    decoder
        .read_u32()
        .map(Restrict::unverified)
        .map_err(|_| WireError::Truncated { section })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hickory_proto::op::Message;
    use std::str::FromStr;

    /// The query as an independent decoder (hickory-proto's) reads it.
    #[test]
    fn query_has_id_0_rd_cd_and_edns_do_with_1232_bytes() {
        let name = Name::from_str("WWW.Example.COM.").unwrap();
        let bytes = build_query(&name, RecordType::CAA);
        let message = Message::from_vec(&bytes).unwrap();
        assert_eq!(message.metadata.id, 0);
        assert!(message.metadata.recursion_desired);
        assert!(message.metadata.checking_disabled);
        assert!(!message.metadata.authentic_data);
        assert_eq!(message.queries.len(), 1);
        assert_eq!(message.queries[0].name().to_ascii(), "www.example.com.");
        assert_eq!(message.queries[0].query_type(), RecordType::CAA);
        let edns = message.edns.as_ref().expect("an OPT record");
        assert_eq!(edns.max_payload(), EDNS_BUFFER_SIZE);
        assert!(edns.flags().dnssec_ok);
        assert_eq!(edns.version(), 0);
        assert!(message.answers.is_empty() && message.authorities.is_empty());
    }

    #[test]
    fn root_query_is_minimal() {
        let bytes = build_query(&Name::root(), RecordType::DNSKEY);
        // 12 header + 1 root + 4 type/class + 11 OPT.
        assert_eq!(bytes.len(), 28);
    }

    fn response_with(rtype: RecordType, rdata: &[u8]) -> Vec<u8> {
        let mut m = vec![0, 0, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0];
        m.extend([3, b'w', b'w', b'w', 0]);
        m.extend(u16::from(rtype).to_be_bytes());
        m.extend([0, 1, 0, 0, 1, 0]);
        m.extend((rdata.len() as u16).to_be_bytes());
        m.extend(rdata);
        m
    }

    #[test]
    fn presented_types_are_decoded_and_the_rest_kept_raw() {
        // A CNAME whose target is a compression pointer to the owner at offset 12.
        let message = parse_message(&response_with(RecordType::CNAME, &[0xc0, 12])).unwrap();
        match &message.answers[0].data {
            Some(RData::CNAME(target)) => assert_eq!(target.0.to_ascii(), "www."),
            other => panic!("{other:?}"),
        }
        let txt = parse_message(&response_with(RecordType::TXT, b"\x02hi\x00")).unwrap();
        assert!(matches!(&txt.answers[0].data, Some(RData::TXT(t)) if t.txt_data.len() == 2));
        // A character-string longer than the RDATA, an A record of 5 bytes, a name running
        // past its RDATA: no decoded form, raw bytes kept, no error.
        for (rtype, rdata) in [
            (RecordType::TXT, &b"\x05hi"[..]),
            (RecordType::A, &[1, 2, 3, 4, 5][..]),
            (RecordType::MX, &[0, 10, 3, b'a', b'b', b'c', 0, 0][..]),
        ] {
            let message = parse_message(&response_with(rtype, rdata)).unwrap();
            assert!(message.answers[0].data.is_none(), "{rtype}");
            assert_eq!(message.answers[0].raw_rdata, rdata);
        }
        // Types we do not present are not decoded.
        let caa = parse_message(&response_with(RecordType::CAA, b"\x00\x05issuex")).unwrap();
        assert!(caa.answers[0].data.is_none());
    }

    #[test]
    fn the_length_ends_after_the_last_counted_record() {
        let mut bytes = response_with(RecordType::A, &[192, 0, 2, 1]);
        let end = bytes.len();
        assert_eq!(parse_message_and_length(&bytes).unwrap().1, end);
        bytes.extend([0xde, 0xad]);
        let (message, length) = parse_message_and_length(&bytes).unwrap();
        assert_eq!((message.answers.len(), length), (1, end));
        // A header with no records at all.
        let header = [0, 0, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 7];
        assert_eq!(parse_message_and_length(&header).unwrap().1, 12);
    }
}
