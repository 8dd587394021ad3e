//! A DoH front end for the many-names benchmark (`scripts/bench-batch.sh`), not part of the
//! product: the test server of `tests/hostile` (HTTP/1.1 keep-alive, a thread per connection)
//! forwarding each question to a DNS resolver on 127.0.0.1 over UDP (TCP when truncated).
//!
//! The lab's own DoH front end is Python and spends about 0.8 ms of CPU per request under one
//! interpreter lock, which capped any DoH client at about 590 questions/s on the 2-core
//! development machine; this one keeps the front end out of the figures.
//!
//!   cargo run --release --example bench_doh -- RESOLVER_PORT
//!
//! prints its URL (`http://127.0.0.1:PORT/dns-query`), then serves until stdin closes.

#[path = "../tests/signed_world/mod.rs"]
mod signed_world;

#[allow(dead_code)]
#[path = "../tests/hostile/server.rs"]
mod server;

use std::cell::RefCell;
use std::io::{Read, Write};
use std::net::{TcpStream, UdpSocket};
use std::time::Duration;

use dnssec_health::wire::build_query;
use hickory_proto::rr::{Name, RecordType};
use server::{DohServer, Query, Reply};

const TIMEOUT: Duration = Duration::from_secs(3);

thread_local! {
    /// One UDP socket per connection thread: its questions are asked one at a time.
    static SOCKET: RefCell<Option<UdpSocket>> = const { RefCell::new(None) };
}

fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("usage: bench_doh RESOLVER_PORT");
    let server = DohServer::start(move |query| Reply::Dns(forward(query, port)));
    println!("{}", server.url());
    std::io::stdout().flush().unwrap();
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

/// The resolver's answer to the DoH client's question, asked as the client asked it (ID 0,
/// RD, CD, EDNS DO with a 1232-byte buffer): `dnssec_health::wire::build_query`.
fn forward(query: &Query, port: u16) -> Vec<u8> {
    let name = Name::from_ascii(&query.name).expect("a name the server parsed");
    let message = build_query(&name, RecordType::from(query.qtype));
    let reply = SOCKET.with(|socket| {
        let mut socket = socket.borrow_mut();
        if socket.is_none() {
            let udp = UdpSocket::bind("127.0.0.1:0").expect("a UDP port");
            udp.connect(("127.0.0.1", port))
                .expect("the resolver's port");
            udp.set_read_timeout(Some(TIMEOUT)).unwrap();
            *socket = Some(udp);
        }
        let udp = socket.as_ref().unwrap();
        udp.send(&message).ok()?;
        let mut buffer = vec![0; 65_535];
        let length = udp.recv(&mut buffer).ok()?;
        buffer.truncate(length);
        Some(buffer)
    });
    match reply {
        // TC (RFC 1035 §4.1.1): ask again over TCP.
        Some(reply) if reply.len() > 2 && reply[2] & 0x02 != 0 => tcp(&message, port),
        Some(reply) => reply,
        None => tcp(&message, port),
    }
}

fn tcp(message: &[u8], port: u16) -> Vec<u8> {
    let ask = || -> std::io::Result<Vec<u8>> {
        let mut stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        let mut framed = (message.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(message);
        stream.write_all(&framed)?;
        let mut length = [0; 2];
        stream.read_exact(&mut length)?;
        let mut reply = vec![0; usize::from(u16::from_be_bytes(length))];
        stream.read_exact(&mut reply)?;
        Ok(reply)
    };
    // No answer at all: SERVFAIL for the question, as a resolver would say.
    ask().unwrap_or_else(|_| {
        let mut servfail = message.to_vec();
        servfail[2] |= 0x80;
        servfail[3] = (servfail[3] & 0xf0) | 2;
        servfail
    })
}
