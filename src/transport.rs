//! The one seam to the network: an HTTP exchange. The DoH protocol itself (RFC 8484) is in
//! [`crate::doh`], so transports only move bytes: the browser's `fetch` in wasm, a native
//! client in the CLI.

use std::future::Future;

/// HTTP method for a DoH request (RFC 8484 §4.1). GET is cacheable and, with only an `Accept`
/// header, needs no CORS pre-flight in browsers; POST needs one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub url: String,
    pub method: HttpMethod,
    /// The POST body; empty for GET.
    pub body: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// The `Content-Type` header, lowercased, without parameters.
    pub content_type: String,
    pub body: Vec<u8>,
}

/// A failed exchange: no HTTP response to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// No complete response within the timeout.
    Timeout { after_ms: u32 },
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

/// Largest response body we read; a DNS message cannot exceed 65535 bytes.
pub const MAX_BODY: usize = 65_535;

/// Sends HTTP requests. Implementations must bound each exchange by `timeout_ms`.
pub trait HttpTransport {
    fn send(
        &self,
        request: HttpRequest,
        timeout_ms: u32,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

#[cfg(all(not(target_arch = "wasm32"), feature = "cli"))]
pub mod native {
    //! A blocking HTTP/1.1 client (ureq) on one thread per request, wrapped in futures so the
    //! engine's concurrent batches really run concurrently.

    use std::error::Error;
    use std::io::{self, Read};
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    use crate::doh::DNS_MESSAGE;

    use super::{HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError, MAX_BODY};

    /// At most this many exchanges at once: a big order can ask a hundred questions in one
    /// round, and as many simultaneous TLS connections to a public resolver is rude; the rest
    /// wait and reuse kept-alive connections. (Browsers multiplex over HTTP/2 instead.)
    pub const MAX_IN_FLIGHT: usize = 32;

    #[derive(Clone)]
    pub struct NativeTransport {
        agent: ureq::Agent,
        permits: Arc<Permits>,
    }

    impl Default for NativeTransport {
        fn default() -> Self {
            NativeTransport {
                agent: ureq::AgentBuilder::new()
                    .user_agent("dnssec-health")
                    .max_idle_connections_per_host(MAX_IN_FLIGHT)
                    .build(),
                permits: Arc::new(Permits::new(MAX_IN_FLIGHT)),
            }
        }
    }

    /// A counting semaphore for the request threads.
    pub struct Permits {
        free: Mutex<usize>,
        released: Condvar,
    }

    impl Permits {
        pub fn new(count: usize) -> Self {
            Permits {
                free: Mutex::new(count),
                released: Condvar::new(),
            }
        }

        /// Runs `work` once a permit is free.
        pub fn with<T>(&self, work: impl FnOnce() -> T) -> T {
            {
                let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
                while *free == 0 {
                    free = self.released.wait(free).unwrap_or_else(|e| e.into_inner());
                }
                *free -= 1;
            }
            let result = work();
            *self.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
            self.released.notify_one();
            result
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

    fn exchange(
        agent: &ureq::Agent,
        request: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<HttpResponse, TransportError> {
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
        let content_type = response.content_type().to_ascii_lowercase();
        let mut body = Vec::new();
        response
            .into_reader()
            .take(MAX_BODY as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| classify(&e, timeout_ms))?;
        Ok(HttpResponse {
            status,
            content_type,
            body,
        })
    }

    impl HttpTransport for NativeTransport {
        async fn send(
            &self,
            request: HttpRequest,
            timeout_ms: u32,
        ) -> Result<HttpResponse, TransportError> {
            let (tx, rx) = futures_channel::oneshot::channel();
            let agent = self.agent.clone();
            let permits = self.permits.clone();
            std::thread::spawn(move || {
                let outcome = permits.with(|| exchange(&agent, &request, timeout_ms));
                let _ = tx.send(outcome);
            });
            rx.await.unwrap_or_else(|_| {
                Err(TransportError::Network("the request thread stopped".into()))
            })
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::sync::atomic::{AtomicUsize, Ordering};

        #[test]
        fn permits_bound_the_work_running_at_once() {
            let permits = Arc::new(Permits::new(3));
            let running = Arc::new(AtomicUsize::new(0));
            let peak = Arc::new(AtomicUsize::new(0));
            let threads: Vec<_> = (0..20)
                .map(|i| {
                    let (permits, running, peak) = (permits.clone(), running.clone(), peak.clone());
                    std::thread::spawn(move || {
                        permits.with(|| {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            peak.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(5));
                            running.fetch_sub(1, Ordering::SeqCst);
                            i
                        })
                    })
                })
                .collect();
            let done: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
            assert_eq!(done, (0..20).sum());
            assert!((1..=3).contains(&peak.load(Ordering::SeqCst)));
        }
    }
}
