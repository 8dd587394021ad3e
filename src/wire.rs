//! DNS wire format: the query we send (RFC 8484 §4.1) and a defensive reader for the answers.
//!
//! Answers are read record by record with hickory-proto's decoders, but each record also keeps
//! its raw RDATA exactly as it came off the wire: the canonical form used for signature checks
//! (RFC 4034 §6.2) is built from those bytes, never from a re-encoding that could differ.
//! A record whose RDATA hickory cannot decode is kept as raw bytes; a message whose framing is
//! broken is rejected as a whole with a [`WireError`].

use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query};
use hickory_proto::rr::{Name, RData, RecordType};
use hickory_proto::serialize::binary::{BinDecodable, BinDecoder, Restrict};

/// The EDNS(0) UDP payload size we advertise: the DNS Flag Day 2020 value.
pub const EDNS_BUFFER_SIZE: u16 = 1232;

/// Builds the DNS query message for a DoH request: ID 0 so that GET requests are cacheable
/// (RFC 8484 §4.1), RD=1, CD=1 so the resolver hands over data that fails validation instead of
/// SERVFAIL (RFC 4035 §3.2.2), and EDNS(0) with DO=1 (RFC 3225) and a 1232-byte buffer.
pub fn build_query(name: &Name, rtype: RecordType) -> Vec<u8> {
    let mut message = Message::new(0, MessageType::Query, OpCode::Query);
    message.metadata.recursion_desired = true;
    message.metadata.checking_disabled = true;
    message.add_query(Query::query(name.clone(), rtype));
    let mut edns = Edns::new();
    edns.set_max_payload(EDNS_BUFFER_SIZE);
    edns.set_dnssec_ok(true);
    message.set_edns(edns);
    // Encoding a well-formed query of a valid name cannot fail.
    message.to_vec().unwrap_or_default()
}

/// One resource record as received.
#[derive(Clone, Debug)]
pub struct WireRecord {
    /// Owner name, case preserved.
    pub name: Name,
    pub rtype: RecordType,
    pub class: u16,
    pub ttl: u32,
    /// RDATA exactly as received (names inside may be compressed for the RFC 1035 types).
    pub raw_rdata: Vec<u8>,
    /// RDATA decoded by hickory-proto, when it could.
    pub data: Option<RData>,
}

/// The parts of a DNS response the validator looks at.
#[derive(Clone, Debug)]
pub struct WireMessage {
    pub id: u16,
    pub is_response: bool,
    pub truncated: bool,
    pub authoritative: bool,
    pub recursion_available: bool,
    /// Full response code, including the EDNS extended bits (RFC 6891 §6.1.3).
    pub rcode: u16,
    pub question: Option<(Name, RecordType)>,
    pub answers: Vec<WireRecord>,
    pub authorities: Vec<WireRecord>,
}

/// Why a body could not be read as a DNS message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// Shorter than a DNS header.
    TooShort { len: usize },
    /// The counts in the header promise more than the body holds.
    Truncated { section: &'static str },
    /// A name, type or length field is invalid.
    Malformed { detail: String },
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
pub fn parse_message(bytes: &[u8]) -> Result<WireMessage, WireError> {
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
    Ok(WireMessage {
        id,
        is_response,
        truncated: flags & 0x0200 != 0,
        authoritative: flags & 0x0400 != 0,
        recursion_available: flags & 0x0080 != 0,
        rcode,
        question,
        answers,
        authorities,
    })
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
    // Decode the RDATA a second time, in place, so compression pointers inside it resolve
    // against the whole message. A failure only loses the decoded form.
    let data = if rtype == RecordType::OPT {
        None
    } else {
        let mut inner = BinDecoder::new(message);
        inner
            .read_slice(start)
            .ok()
            .and_then(|_| RData::read(&mut inner, rtype, Restrict::new(rdlength)).ok())
            .filter(|_| inner.index() == start + usize::from(rdlength))
    };
    Ok(WireRecord {
        name,
        rtype,
        class,
        ttl,
        raw_rdata,
        data,
    })
}

fn read_name(decoder: &mut BinDecoder<'_>, section: &'static str) -> Result<Name, WireError> {
    Name::read(decoder).map_err(|e| WireError::Malformed {
        detail: format!("bad name in the {section} section ({e})"),
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
