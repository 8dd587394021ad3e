//! [`HttpTransport`] over the global `fetch` of the JavaScript host: a page, a Web Worker or
//! Node 20 (no `window` assumed). Each exchange is bounded by an `AbortController` armed with
//! the host's `setTimeout`; the body is read as a stream and capped at [`MAX_BODY`] + 1 bytes,
//! like the native transport, so an oversized answer fails in the DoH layer.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

use crate::io::transport::DNS_MESSAGE;
use crate::io::transport::{
    HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError, MAX_BODY,
};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> Promise;
}

/// The browser / Worker / Node `fetch`.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

impl HttpTransport for FetchTransport {
    async fn send(
        &self,
        request: HttpRequest,
        timeout_ms: u32,
    ) -> Result<HttpResponse, TransportError> {
        let controller =
            AbortController::new().map_err(|e| network("AbortController is not available", &e))?;
        let timer = Timer::arm(&controller, timeout_ms)?;
        let outcome = exchange(&request, &controller).await;
        let timed_out = timer.fired.get();
        drop(timer); // clears the timeout
        match outcome {
            Ok(response) => Ok(response),
            Err(_) if timed_out => Err(TransportError::Timeout {
                after_ms: timeout_ms,
            }),
            Err(error) => Err(error),
        }
    }
}

/// A `setTimeout` that aborts the exchange; cleared on drop.
struct Timer {
    fired: Rc<Cell<bool>>,
    handle: JsValue,
    clear: Option<Function>,
    // Kept alive until the timeout is cleared.
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn arm(controller: &AbortController, timeout_ms: u32) -> Result<Timer, TransportError> {
        let global = js_sys::global();
        let set_timeout: Function = Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| TransportError::Network("setTimeout is not available".into()))?;
        let clear: Option<Function> = Reflect::get(&global, &JsValue::from_str("clearTimeout"))
            .ok()
            .and_then(|f| f.dyn_into().ok());
        let fired = Rc::new(Cell::new(false));
        let callback = {
            let fired = fired.clone();
            let controller = controller.clone();
            Closure::<dyn FnMut()>::new(move || {
                fired.set(true);
                controller.abort();
            })
        };
        let handle = set_timeout
            .call2(&global, callback.as_ref(), &JsValue::from(timeout_ms))
            .map_err(|e| network("setTimeout failed", &e))?;
        Ok(Timer {
            fired,
            handle,
            clear,
            _callback: callback,
        })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(clear) = &self.clear {
            let _ = clear.call1(&js_sys::global(), &self.handle);
        }
    }
}

async fn exchange(
    request: &HttpRequest,
    controller: &AbortController,
) -> Result<HttpResponse, TransportError> {
    let headers = Headers::new().map_err(|e| network("Headers", &e))?;
    headers
        .set("Accept", DNS_MESSAGE)
        .map_err(|e| network("Headers", &e))?;
    let init = RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    match request.method {
        HttpMethod::Get => init.set_method("GET"),
        HttpMethod::Post => {
            init.set_method("POST");
            headers
                .set("Content-Type", DNS_MESSAGE)
                .map_err(|e| network("Headers", &e))?;
            let body = Uint8Array::from(request.body.as_slice());
            init.set_body(&body);
        }
    }
    init.set_headers(&headers);
    // No cookies to the resolver, and no Referer: the page URL may carry the names checked.
    let _ = Reflect::set(&init, &"credentials".into(), &"omit".into());
    let _ = Reflect::set(&init, &"referrerPolicy".into(), &"no-referrer".into());

    let js_request = Request::new_with_str_and_init(&request.url, &init)
        .map_err(|e| network("the request could not be built", &e))?;
    let response: Response = JsFuture::from(global_fetch(&js_request))
        .await
        .map_err(|e| network("the request failed", &e))?
        .dyn_into()
        .map_err(|e| network("fetch did not return a Response", &e))?;

    let status = response.status();
    let content_type = response
        .headers()
        .get("Content-Type")
        .ok()
        .flatten()
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let body = read_body(&response).await?;
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}

/// Reads at most `MAX_BODY + 1` bytes, cancelling the stream beyond that.
async fn read_body(response: &Response) -> Result<Vec<u8>, TransportError> {
    let limit = MAX_BODY + 1;
    let stream = Reflect::get(response, &"body".into()).unwrap_or(JsValue::NULL);
    let get_reader: Option<Function> = if stream.is_object() {
        Reflect::get(&stream, &"getReader".into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
    } else {
        None
    };
    let Some(get_reader) = get_reader else {
        // No streaming body (or none at all): read it whole.
        let promise = response
            .array_buffer()
            .map_err(|e| network("the body could not be read", &e))?;
        let buffer = JsFuture::from(promise)
            .await
            .map_err(|e| network("the body could not be read", &e))?;
        let bytes = Uint8Array::new(&buffer);
        let len = (bytes.length() as usize).min(limit);
        return Ok(bytes.subarray(0, len as u32).to_vec());
    };
    let reader = get_reader
        .call0(&stream)
        .map_err(|e| network("the body could not be read", &e))?;
    let read: Function = Reflect::get(&reader, &"read".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| TransportError::Network("the body stream has no reader".into()))?;
    let mut body = Vec::new();
    loop {
        let promise: Promise = read
            .call0(&reader)
            .map_err(|e| network("the body could not be read", &e))?
            .dyn_into()
            .map_err(|e| network("the body could not be read", &e))?;
        let chunk = JsFuture::from(promise)
            .await
            .map_err(|e| network("the body could not be read", &e))?;
        if Reflect::get(&chunk, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true)
        {
            break;
        }
        let value = Reflect::get(&chunk, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        let bytes: Uint8Array = value.dyn_into().map_err(|_| {
            TransportError::Network("the body stream returned something other than bytes".into())
        })?;
        let room = limit - body.len();
        let take = (bytes.length() as usize).min(room);
        body.extend(bytes.subarray(0, take as u32).to_vec());
        if body.len() >= limit {
            if let Some(cancel) = Reflect::get(&reader, &"cancel".into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
            {
                let _ = cancel.call0(&reader);
            }
            break;
        }
    }
    Ok(body)
}

/// A `TransportError::Network` with the JS error's message (and Node's `cause`, which holds
/// the useful part such as `ECONNREFUSED`).
fn network(context: &str, error: &JsValue) -> TransportError {
    TransportError::Network(format!("{context}: {}", describe(error)))
}

/// The message of a JS `Error`, or the value itself when it is a string.
fn js_message(value: &JsValue) -> String {
    match value.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => value.as_string().unwrap_or_default(),
    }
}

fn describe(error: &JsValue) -> String {
    let mut text = if error.is_string() || error.is_instance_of::<js_sys::Error>() {
        js_message(error)
    } else {
        format!("{error:?}")
    };
    if let Ok(cause) = Reflect::get(error, &"cause".into()) {
        let detail = js_message(&cause);
        if !detail.is_empty() {
            text = format!("{text} ({detail})");
        }
    }
    if text.is_empty() {
        text = "unknown error (in a browser this is often a CORS or TLS failure)".into();
    }
    text
}
