//! A DoH server (RFC 8484) of our own, in-process: HTTP/1.1 with keep-alive on 127.0.0.1,
//! GET `?dns=` (base64url) and POST `application/dns-message`, one thread per connection (the
//! CLI opens at most 32). Every request goes to a handler that decides the reply; the server
//! counts the requests and records the questions. It stops, and joins every thread it
//! started, when dropped.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::signed_world::question_of;

/// One DoH request as the handler sees it.
#[derive(Clone, Debug)]
pub struct Query {
    /// Lowercase, trailing dot.
    pub name: String,
    pub qtype: u16,
}

/// What the server answers.
pub enum Reply {
    /// 200, `application/dns-message`, with a Content-Length.
    Dns(Vec<u8>),
    /// 200, `application/dns-message`, any bytes: with a Content-Length, or delimited by
    /// closing the connection.
    Body { body: Vec<u8>, length: bool },
}

pub type Handler = dyn Fn(&Query) -> Reply + Send + Sync;

/// Bounds that keep every loop of the server finite whatever a client does.
const MAX_CONNECTIONS: usize = 10_000;
const MAX_REQUESTS_PER_CONNECTION: usize = 100_000;
const MAX_HEAD: usize = 16 * 1024;
const POLL: Duration = Duration::from_millis(100);

struct Shared {
    handler: Box<Handler>,
    stop: AtomicBool,
    requests: AtomicUsize,
    posts: AtomicUsize,
    questions: Mutex<Vec<(String, u16)>>,
}

pub struct DohServer {
    address: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl DohServer {
    pub fn start(handler: impl Fn(&Query) -> Reply + Send + Sync + 'static) -> DohServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port on 127.0.0.1");
        let address = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            handler: Box::new(handler),
            stop: AtomicBool::new(false),
            requests: AtomicUsize::new(0),
            posts: AtomicUsize::new(0),
            questions: Mutex::new(Vec::new()),
        });
        let accepting = shared.clone();
        let acceptor = std::thread::spawn(move || accept(&listener, &accepting));
        DohServer {
            address,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// The resolver URL to give the CLI.
    pub fn url(&self) -> String {
        format!("http://{}/dns-query", self.address)
    }

    /// DoH requests answered so far.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// How many of them were POST requests (the others were GET).
    pub fn posts(&self) -> usize {
        self.shared.posts.load(Ordering::SeqCst)
    }

    /// The questions asked so far, in order of arrival.
    pub fn questions(&self) -> Vec<(String, u16)> {
        self.shared.questions.lock().unwrap().clone()
    }
}

impl Drop for DohServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor blocked in accept().
        let _ = TcpStream::connect(self.address);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut connections: Vec<JoinHandle<()>> = Vec::new();
    for (count, stream) in listener.incoming().enumerate() {
        if shared.stop.load(Ordering::SeqCst) || count >= MAX_CONNECTIONS {
            break;
        }
        let Ok(stream) = stream else { continue };
        let serving = shared.clone();
        connections.retain(|c| !c.is_finished());
        connections.push(std::thread::spawn(move || serve(stream, &serving)));
    }
    for connection in connections {
        let _ = connection.join();
    }
}

/// Runs `step` until it reports completion (`true`) or EOF (`false`), retrying after each
/// read timeout unless the server is stopping; `false` on any other error.
fn read_until_stop(
    reader: &mut BufReader<TcpStream>,
    shared: &Shared,
    mut step: impl FnMut(&mut BufReader<TcpStream>) -> std::io::Result<bool>,
) -> bool {
    loop {
        match step(reader) {
            Ok(true) => return true,
            Ok(false) => return false,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if shared.stop.load(Ordering::SeqCst) {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
}

/// The request head: the request line and the headers, up to the empty line.
fn read_head(reader: &mut BufReader<TcpStream>, shared: &Shared) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    let mut line = Vec::new();
    let mut size = 0;
    loop {
        line.clear();
        // read_until keeps what it read before a timeout, so the retry continues the line.
        let complete = read_until_stop(reader, shared, |r| Ok(r.read_until(b'\n', &mut line)? > 0));
        if !complete || !line.ends_with(b"\n") {
            return None;
        }
        size += line.len();
        if size > MAX_HEAD {
            return None;
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        if text.is_empty() {
            return if lines.is_empty() { None } else { Some(lines) };
        }
        lines.push(text);
    }
}

fn read_body(reader: &mut BufReader<TcpStream>, shared: &Shared, length: usize) -> Option<Vec<u8>> {
    let mut body = vec![0; length];
    let mut filled = 0;
    let complete = read_until_stop(reader, shared, |r| {
        while filled < length {
            let n = r.read(&mut body[filled..])?;
            if n == 0 {
                return Ok(false);
            }
            filled += n;
        }
        Ok(true)
    });
    complete.then_some(body)
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(POLL));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        let Some(head) = read_head(&mut reader, shared) else {
            return;
        };
        let mut parts = head[0].split(' ');
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let length = head[1..]
            .iter()
            .filter_map(|h| h.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let message = match method {
            "POST" if length <= 65_535 => match read_body(&mut reader, shared, length) {
                Some(body) => Some(body),
                None => return,
            },
            "GET" => target
                .split_once('?')
                .and_then(|(_, query)| query.split('&').find_map(|p| p.strip_prefix("dns=")))
                .and_then(base64url_decode),
            _ => None,
        };
        let Some((name, qtype)) = message.as_deref().and_then(question_of) else {
            let _ = writer.write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        };
        shared.requests.fetch_add(1, Ordering::SeqCst);
        shared.questions.lock().unwrap().push((name.clone(), qtype));
        if method == "POST" {
            shared.posts.fetch_add(1, Ordering::SeqCst);
        }
        let query = Query { name, qtype };
        let (body, length) = match (shared.handler)(&query) {
            Reply::Dns(body) => (body, true),
            Reply::Body { body, length } => (body, length),
        };
        let mut response = b"HTTP/1.1 200 OK\r\nContent-Type: application/dns-message\r\n".to_vec();
        if length {
            response.extend(format!("Content-Length: {}\r\n\r\n", body.len()).bytes());
        } else {
            response.extend(b"Connection: close\r\n\r\n");
        }
        response.extend(body);
        // One write: head and body in separate segments would meet Nagle and delayed ACKs.
        if writer.write_all(&response).is_err() || !length {
            let _ = writer.shutdown(std::net::Shutdown::Both);
            return;
        }
    }
}

/// RFC 4648 §5 base64url, without padding (RFC 8484 §4.1).
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}
