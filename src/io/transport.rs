//! The one seam to the network: an HTTP exchange. The DoH protocol itself (RFC 8484) is in
//! [`crate::io::doh`], so transports only move bytes: the browser's `fetch` in wasm, a native
//! client in the CLI.

use std::future::Future;

/// HTTP method for a DoH request (RFC 8484 §4.1). GET is cacheable and, with only an `Accept`
/// header, needs no CORS pre-flight in browsers; POST needs one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET, the query base64url-encoded in the `dns` parameter.
    Get,
    /// POST, the query as the body.
    Post,
}

/// One HTTP request for a transport to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// The absolute URL, with the `dns` parameter for GET.
    pub url: String,
    /// GET or POST.
    pub method: HttpMethod,
    /// The POST body; empty for GET.
    pub body: Vec<u8>,
}

/// What a transport received: the parts of an HTTP response DoH reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code; [`crate::io::doh::read_response`] reads a DNS answer only from 200.
    pub status: u16,
    /// The `Content-Type` header, lowercased, without parameters.
    pub content_type: String,
    /// The response body, at most [`MAX_BODY`] + 1 bytes as read.
    pub body: Vec<u8>,
}

/// A failed exchange: no HTTP response to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// No complete response within the timeout.
    Timeout {
        /// How long the transport waited, ms.
        after_ms: u32,
    },
    /// Connection refused, DNS failure, TLS error, CORS rejection, ...
    Network(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::Timeout { after_ms } => write!(f, "no answer within {after_ms} ms"),
            TransportError::Network(detail) => write!(f, "network error: {detail}"),
        }
    }
}

/// The media type of DNS messages over HTTP (RFC 8484 §6): what a transport asks for.
pub const DNS_MESSAGE: &str = "application/dns-message";

/// Largest response body we read; a DNS message cannot exceed 65535 bytes.
pub const MAX_BODY: usize = 65_535;

/// Sends HTTP requests. Implementations must bound each exchange by `timeout_ms`.
pub trait HttpTransport {
    /// Sends `request`; resolves to the response, or to a [`TransportError`] (no response
    /// within `timeout_ms`, or a network failure).
    fn send(
        &self,
        request: HttpRequest,
        timeout_ms: u32,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

#[cfg(all(not(target_arch = "wasm32"), feature = "cli"))]
pub mod native {
    //! A blocking HTTP/1.1 client (ureq) run on a small fixed pool of worker threads, wrapped in
    //! futures so the engine's concurrent batches really run concurrently. However many
    //! questions a check asks, at most [`MAX_IN_FLIGHT`] threads exist: each question is a job
    //! queued for the pool, never a thread of its own.

    use std::collections::VecDeque;
    use std::error::Error;
    use std::future::Future;
    use std::io::{self, Read};
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::{Arc, Condvar, Mutex, MutexGuard};
    use std::time::Duration;

    use super::DNS_MESSAGE;

    use super::{HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError, MAX_BODY};

    /// At most this many exchanges at once, on as many worker threads: a big order can ask
    /// thousands of questions in one round, and as many threads (or simultaneous TLS
    /// connections to a public resolver) is rude at best and aborts the process at worst; the
    /// rest wait in the queue and reuse kept-alive connections. (Browsers multiplex over
    /// HTTP/2 instead.)
    pub const MAX_IN_FLIGHT: usize = 32;

    /// The CLI's transport: a ureq agent with kept-alive connections, run on a [`Pool`] of
    /// [`MAX_IN_FLIGHT`] threads.
    #[derive(Clone)]
    pub struct NativeTransport {
        agent: ureq::Agent,
        pool: Arc<Pool>,
    }

    impl Default for NativeTransport {
        fn default() -> Self {
            NativeTransport {
                agent: ureq::AgentBuilder::new()
                    .user_agent("dnssec-health")
                    .max_idle_connections_per_host(MAX_IN_FLIGHT)
                    .build(),
                pool: Arc::new(Pool::new(MAX_IN_FLIGHT)),
            }
        }
    }

    impl NativeTransport {
        /// How many worker threads this transport has started so far (at most
        /// [`MAX_IN_FLIGHT`]).
        pub fn threads_started(&self) -> usize {
            self.pool.threads_started()
        }
    }

    type Job = Box<dyn FnOnce() + Send + 'static>;

    /// A fixed pool of worker threads fed by a queue. Threads are started lazily, one when a
    /// job arrives and no idle worker is waiting for it, up to the pool's size; they live as
    /// long as the pool and end once it is dropped and the queue is empty.
    pub struct Pool {
        shared: Arc<Shared>,
        size: usize,
    }

    struct Shared {
        state: Mutex<State>,
        job_ready: Condvar,
    }

    #[derive(Default)]
    struct State {
        jobs: VecDeque<Job>,
        /// Live worker threads.
        threads: usize,
        /// Workers blocked waiting for a job.
        idle: usize,
        /// Threads ever started (for tests and diagnostics).
        started: usize,
        /// The pool was dropped: workers end when the queue is empty.
        closed: bool,
    }

    impl Shared {
        fn lock(&self) -> MutexGuard<'_, State> {
            self.state.lock().unwrap_or_else(|e| e.into_inner())
        }
    }

    impl Pool {
        /// A pool of at most `size` threads (at least one).
        pub fn new(size: usize) -> Self {
            Pool {
                shared: Arc::new(Shared {
                    state: Mutex::new(State::default()),
                    job_ready: Condvar::new(),
                }),
                size: size.max(1),
            }
        }

        /// How many threads the pool has started so far.
        pub fn threads_started(&self) -> usize {
            self.shared.lock().started
        }

        /// Runs `work` on a worker thread; the future resolves to its result, or to `None` if
        /// the work could not run or panicked.
        pub fn run<T: Send + 'static>(
            &self,
            work: impl FnOnce() -> T + Send + 'static,
        ) -> impl Future<Output = Option<T>> {
            let (tx, rx) = futures_channel::oneshot::channel();
            self.execute(Box::new(move || {
                let _ = tx.send(work());
            }));
            async move { rx.await.ok() }
        }

        fn execute(&self, job: Job) {
            let mut state = self.shared.lock();
            state.jobs.push_back(job);
            // Every queued job already has an idle worker about to take it: wake one.
            if state.jobs.len() <= state.idle || state.threads >= self.size {
                drop(state);
                self.shared.job_ready.notify_one();
                return;
            }
            state.threads += 1;
            state.started += 1;
            drop(state);
            let shared = self.shared.clone();
            let spawned = std::thread::Builder::new()
                .name("dnssec-health-doh".into())
                .spawn(move || worker(&shared));
            if spawned.is_err() {
                let mut state = self.shared.lock();
                state.threads -= 1;
                state.started -= 1;
                // With no worker at all, nothing would ever run the queue: drop its jobs, which
                // resolves their futures to `None` (an error for the caller), instead of hanging.
                let orphans = if state.threads == 0 {
                    std::mem::take(&mut state.jobs)
                } else {
                    VecDeque::new()
                };
                drop(state);
                drop(orphans);
            }
        }
    }

    impl Drop for Pool {
        fn drop(&mut self) {
            self.shared.lock().closed = true;
            self.shared.job_ready.notify_all();
        }
    }

    fn worker(shared: &Shared) {
        loop {
            let job = {
                let mut state = shared.lock();
                loop {
                    if let Some(job) = state.jobs.pop_front() {
                        break job;
                    }
                    if state.closed {
                        state.threads -= 1;
                        return;
                    }
                    state.idle += 1;
                    state = shared
                        .job_ready
                        .wait(state)
                        .unwrap_or_else(|e| e.into_inner());
                    state.idle -= 1;
                }
            };
            // A panicking job drops its result sender (its future resolves to `None`); the
            // worker carries on.
            let _ = catch_unwind(AssertUnwindSafe(job));
        }
    }

    /// A timeout, wherever ureq reports it, is an `io::Error` of kind `TimedOut` (or
    /// `WouldBlock` on some platforms) somewhere in the error's source chain.
    fn classify(error: &(dyn Error + 'static), timeout_ms: u32) -> TransportError {
        let mut cause = Some(error);
        while let Some(current) = cause {
            if let Some(io) = current.downcast_ref::<io::Error>() {
                if matches!(
                    io.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) {
                    return TransportError::Timeout {
                        after_ms: timeout_ms,
                    };
                }
            }
            cause = current.source();
        }
        TransportError::Network(error.to_string())
    }

    /// The longest we wait before retrying a request the server asked us to slow down for.
    pub const MAX_RETRY_AFTER_MS: u32 = 5_000;

    /// How long to wait after an HTTP 429 or 503 before the one retry: the `Retry-After`
    /// seconds (RFC 9110 §10.2.3; an HTTP date is not read), at most [`MAX_RETRY_AFTER_MS`],
    /// or 1 s. `None` for any other status.
    pub fn retry_after_ms(status: u16, retry_after: Option<&str>) -> Option<u32> {
        if status != 429 && status != 503 {
            return None;
        }
        let seconds = retry_after
            .and_then(|value| value.trim().parse::<u32>().ok())
            .unwrap_or(1);
        Some(seconds.saturating_mul(1000).min(MAX_RETRY_AFTER_MS))
    }

    /// One exchange; on HTTP 429 or 503 (the resolver is rate-limiting or overloaded) a single
    /// retry after [`retry_after_ms`], when that wait still fits within `timeout_ms`.
    fn exchange(
        agent: &ureq::Agent,
        request: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<HttpResponse, TransportError> {
        let (response, retry_after) = exchange_once(agent, request, timeout_ms)?;
        match retry_after_ms(response.status, retry_after.as_deref()) {
            Some(wait) if wait < timeout_ms => {
                std::thread::sleep(Duration::from_millis(u64::from(wait)));
                exchange_once(agent, request, timeout_ms - wait).map(|(response, _)| response)
            }
            _ => Ok(response),
        }
    }

    /// One HTTP exchange; the response and its `Retry-After` header.
    fn exchange_once(
        agent: &ureq::Agent,
        request: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<(HttpResponse, Option<String>), TransportError> {
        let timeout = Duration::from_millis(u64::from(timeout_ms));
        let call = match request.method {
            HttpMethod::Get => agent
                .get(&request.url)
                .timeout(timeout)
                .set("Accept", DNS_MESSAGE)
                .call(),
            HttpMethod::Post => agent
                .post(&request.url)
                .timeout(timeout)
                .set("Accept", DNS_MESSAGE)
                .set("Content-Type", DNS_MESSAGE)
                .send_bytes(&request.body),
        };
        let response = match call {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(ureq::Error::Transport(error)) => return Err(classify(&error, timeout_ms)),
        };
        let status = response.status();
        let retry_after = response.header("Retry-After").map(str::to_string);
        let content_type = response.content_type().to_ascii_lowercase();
        let mut body = Vec::new();
        response
            .into_reader()
            .take(MAX_BODY as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| classify(&e, timeout_ms))?;
        Ok((
            HttpResponse {
                status,
                content_type,
                body,
            },
            retry_after,
        ))
    }

    impl HttpTransport for NativeTransport {
        async fn send(
            &self,
            request: HttpRequest,
            timeout_ms: u32,
        ) -> Result<HttpResponse, TransportError> {
            let agent = self.agent.clone();
            self.pool
                .run(move || exchange(&agent, &request, timeout_ms))
                .await
                .unwrap_or_else(|| {
                    Err(TransportError::Network(
                        "the request could not be run (no worker thread)".into(),
                    ))
                })
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use futures_util::future::join_all;
        use std::io::{BufRead, BufReader, Write};
        use std::net::TcpListener;
        use std::sync::atomic::{AtomicUsize, Ordering};

        #[test]
        fn two_thousand_jobs_run_on_at_most_32_threads() {
            let pool = Pool::new(MAX_IN_FLIGHT);
            let running = Arc::new(AtomicUsize::new(0));
            let peak = Arc::new(AtomicUsize::new(0));
            let jobs: Vec<_> = (0..2000usize)
                .map(|i| {
                    let (running, peak) = (running.clone(), peak.clone());
                    pool.run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_micros(200));
                        running.fetch_sub(1, Ordering::SeqCst);
                        i
                    })
                })
                .collect();
            let results = futures_executor::block_on(join_all(jobs));
            assert_eq!(results, (0..2000).map(Some).collect::<Vec<_>>());
            let started = pool.threads_started();
            assert!((1..=MAX_IN_FLIGHT).contains(&started), "{started} threads");
            assert!(peak.load(Ordering::SeqCst) <= MAX_IN_FLIGHT);
        }

        #[test]
        fn the_pool_bounds_the_work_running_at_once_and_survives_a_panic() {
            let pool = Pool::new(3);
            let running = Arc::new(AtomicUsize::new(0));
            let peak = Arc::new(AtomicUsize::new(0));
            let jobs: Vec<_> = (0..20usize)
                .map(|i| {
                    let (running, peak) = (running.clone(), peak.clone());
                    pool.run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(5));
                        running.fetch_sub(1, Ordering::SeqCst);
                        i
                    })
                })
                .collect();
            let done: usize = futures_executor::block_on(join_all(jobs))
                .into_iter()
                .map(Option::unwrap)
                .sum();
            assert_eq!(done, (0..20usize).sum::<usize>());
            assert!((1..=3).contains(&peak.load(Ordering::SeqCst)));
            assert!(pool.threads_started() <= 3);
            // A job that panics resolves to None; the pool still runs the next ones.
            let panicked = pool.run(|| -> u8 { panic!("job panics on purpose") });
            assert_eq!(futures_executor::block_on(panicked), None);
            assert_eq!(futures_executor::block_on(pool.run(|| 7)), Some(7));
            assert!(pool.threads_started() <= 3);
        }

        #[test]
        fn a_pool_used_one_job_at_a_time_keeps_one_thread() {
            let pool = Pool::new(8);
            for i in 0..50 {
                assert_eq!(futures_executor::block_on(pool.run(move || i)), Some(i));
                // The result arrives just before the worker goes back to waiting.
                while pool.shared.lock().idle == 0 {
                    std::thread::yield_now();
                }
            }
            assert_eq!(pool.threads_started(), 1);
        }

        #[test]
        fn only_429_and_503_are_retried_after_at_most_five_seconds() {
            assert_eq!(retry_after_ms(200, Some("3")), None);
            assert_eq!(retry_after_ms(500, None), None);
            assert_eq!(retry_after_ms(429, None), Some(1_000));
            assert_eq!(retry_after_ms(503, Some(" 2 ")), Some(2_000));
            assert_eq!(retry_after_ms(429, Some("120")), Some(MAX_RETRY_AFTER_MS));
            // An HTTP date is not read: the default wait.
            assert_eq!(
                retry_after_ms(503, Some("Wed, 21 Oct 2015 07:28:00 GMT")),
                Some(1_000)
            );
        }

        #[test]
        fn a_429_is_retried_once_after_its_retry_after() {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let address = listener.local_addr().unwrap();
            let requests = Arc::new(AtomicUsize::new(0));
            let counted = requests.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut writer = stream;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        match reader.read_line(&mut line) {
                            Ok(0) | Err(_) => break,
                            Ok(_) if line == "\r\n" => break,
                            Ok(_) => {}
                        }
                    }
                    let response = if counted.fetch_add(1, Ordering::SeqCst) == 0 {
                        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                    } else {
                        "HTTP/1.1 200 OK\r\nContent-Type: application/dns-message\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                    };
                    let _ = writer.write_all(response.as_bytes());
                }
            });
            let transport = NativeTransport::default();
            let request = HttpRequest {
                url: format!("http://{address}/dns-query"),
                method: HttpMethod::Get,
                body: Vec::new(),
            };
            let response = futures_executor::block_on(transport.send(request, 2_000)).unwrap();
            assert_eq!(response.status, 200);
            assert_eq!(requests.load(Ordering::SeqCst), 2);
        }

        /// A minimal HTTP/1.1 server with keep-alive on 127.0.0.1: every request gets a 200
        /// with a 12-byte `application/dns-message` body. Returns the URL and a count of the
        /// connections accepted.
        fn serve_http() -> (String, Arc<AtomicUsize>) {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let address = listener.local_addr().unwrap();
            let connections = Arc::new(AtomicUsize::new(0));
            let accepted = connections.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    accepted.fetch_add(1, Ordering::SeqCst);
                    std::thread::spawn(move || {
                        let mut reader = BufReader::new(stream.try_clone().unwrap());
                        let mut writer = stream;
                        loop {
                            let mut line = String::new();
                            // The request head ends with an empty line; GET has no body.
                            loop {
                                line.clear();
                                match reader.read_line(&mut line) {
                                    Ok(0) | Err(_) => return,
                                    Ok(_) if line == "\r\n" => break,
                                    Ok(_) => {}
                                }
                            }
                            let body = [0u8, 0, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0];
                            let mut response = format!(
                                "HTTP/1.1 200 OK\r\nContent-Type: application/dns-message\r\n\
                                 Content-Length: {}\r\n\r\n",
                                body.len()
                            )
                            .into_bytes();
                            response.extend(body);
                            // One write: head and body in separate segments would meet
                            // Nagle's algorithm and delayed ACKs (40 ms per request).
                            if writer.write_all(&response).is_err() {
                                return;
                            }
                        }
                    });
                }
            });
            (format!("http://{address}/dns-query"), connections)
        }

        #[test]
        fn two_thousand_requests_use_at_most_32_threads() {
            let (url, connections) = serve_http();
            let transport = NativeTransport::default();
            let requests: Vec<_> = (0..2000)
                .map(|i| {
                    transport.send(
                        HttpRequest {
                            url: format!("{url}?dns=q{i}"),
                            method: HttpMethod::Get,
                            body: Vec::new(),
                        },
                        10_000,
                    )
                })
                .collect();
            let responses = futures_executor::block_on(join_all(requests));
            for response in responses {
                let response = response.unwrap();
                assert_eq!(response.status, 200);
                assert_eq!(response.content_type, DNS_MESSAGE);
                assert_eq!(response.body.len(), 12);
            }
            let started = transport.threads_started();
            assert!((1..=MAX_IN_FLIGHT).contains(&started), "{started} threads");
            // Kept-alive connections: one per worker at most, not one per request.
            let connections = connections.load(Ordering::SeqCst);
            assert!(connections <= MAX_IN_FLIGHT, "{connections} connections");
        }
    }
}
