//! The client's byte stream, checked a frame at a time before `tower-lsp-server` reads it.
//!
//! Why: tower reads stdin through tokio's `FramedRead`, which ends the stream after the
//! first frame it cannot decode, so one malformed message (a body that is not JSON, a
//! batch array, a `method` that is not a string, a missing `Content-Length`) ended the
//! whole session: the server answered the error and then exited. JSON-RPC defines those
//! errors so the server can carry on. Here every frame is checked; a bad one is answered
//! with its JSON-RPC error (`-32700` parse error, `-32600` invalid request; the id when it
//! can be read, else `null`)
//! through the [`Outbox`] and not passed on, and good ones reach tower re-framed with a
//! plain `Content-Length` header (a `Content-Type` with another charset is another way to
//! end tower's stream).
//!
//! The check reads the message's shape without building it (`IgnoredAny` skips the
//! params), so a big `didOpen` costs one fast scan more, not a second parse.

use std::borrow::Cow;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::IgnoredAny;
use serde::Deserialize;
use tokio::io::{AsyncRead, ReadBuf};

use crate::outbox::Outbox;

/// JSON-RPC's code for a body that is not JSON.
const PARSE_ERROR: i32 = -32700;
/// JSON-RPC's code for JSON that is not a request, notification or response.
const INVALID_REQUEST: i32 = -32600;
/// Bytes read from the client at a time.
const READ_CHUNK: usize = 64 * 1024;

/// What tower needs of a message: `jsonrpc: "2.0"`, and a string `method` (request,
/// notification) or an `id` with a `result` or `error` (response).
#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(borrow)]
    jsonrpc: Cow<'a, str>,
    #[serde(default, borrow)]
    method: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "present")]
    id: bool,
    // `"result": null` is a result (the answer to `client/registerCapability`).
    #[serde(default, deserialize_with = "present")]
    result: bool,
    #[serde(default, deserialize_with = "present")]
    error: bool,
}

/// True for a key that is there, whatever its value (`null` included).
fn present<'de, D: serde::Deserializer<'de>>(value: D) -> Result<bool, D::Error> {
    IgnoredAny::deserialize(value).map(|_| true)
}

/// The JSON-RPC error a frame's body earns, if any.
fn problem(body: &[u8]) -> Option<(i32, &'static str)> {
    if std::str::from_utf8(body).is_err() {
        return Some((PARSE_ERROR, "the message is not UTF-8"));
    }
    if serde_json::from_slice::<IgnoredAny>(body).is_err() {
        return Some((PARSE_ERROR, "the message is not JSON"));
    }
    let Ok(shape) = serde_json::from_slice::<Shape<'_>>(body) else {
        return Some((INVALID_REQUEST, "the message is not a JSON-RPC 2.0 object"));
    };
    let request = shape.method.is_some();
    let response = shape.id && (shape.result || shape.error);
    if shape.jsonrpc != "2.0" {
        Some((INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\""))
    } else if request || response {
        None
    } else {
        Some((
            INVALID_REQUEST,
            "the message has no method and is not a response",
        ))
    }
}

/// `input` as tower should see it: checked, re-framed messages only.
pub struct CheckedInput<I> {
    input: I,
    outbox: Outbox,
    /// Bytes from the client not yet made into frames.
    raw: Vec<u8>,
    /// Where the next frame starts in `raw` (consumed bytes are dropped in bulk).
    raw_start: usize,
    /// Frames ready for tower.
    ready: Vec<u8>,
    ready_start: usize,
    ended: bool,
}

impl<I> CheckedInput<I> {
    pub fn new(input: I, outbox: Outbox) -> Self {
        Self {
            input,
            outbox,
            raw: Vec::new(),
            raw_start: 0,
            ready: Vec::new(),
            ready_start: 0,
            ended: false,
        }
    }

    /// Moves every complete frame of `raw` to `ready` (or answers it, when it is bad).
    fn take_frames(&mut self) {
        loop {
            let pending = &self.raw[self.raw_start..];
            let Some(headers_len) = pending.windows(4).position(|w| w == b"\r\n\r\n") else {
                return;
            };
            let headers_end = headers_len + 4;
            let Some(body_len) = content_length(&pending[..headers_len]) else {
                // A header block without a length: the body cannot be found. Skip the
                // block and answer it; the next block may be whole again.
                self.raw_start += headers_end;
                self.answer(
                    serde_json::Value::Null,
                    PARSE_ERROR,
                    "the message has no Content-Length header",
                );
                continue;
            };
            if pending.len() < headers_end + body_len {
                return;
            }
            let body = &pending[headers_end..headers_end + body_len];
            match problem(body) {
                None => {
                    self.ready.extend_from_slice(
                        format!("Content-Length: {body_len}\r\n\r\n").as_bytes(),
                    );
                    self.ready.extend_from_slice(body);
                }
                Some((code, message)) => {
                    // JSON-RPC: the request's id when it can be read, else null.
                    let id = serde_json::from_slice::<serde_json::Value>(body)
                        .ok()
                        .and_then(|v| {
                            v.get("id")
                                .filter(|id| id.is_number() || id.is_string())
                                .cloned()
                        })
                        .unwrap_or(serde_json::Value::Null);
                    self.answer(id, code, message);
                }
            }
            self.raw_start += headers_end + body_len;
        }
    }

    fn answer(&self, id: serde_json::Value, code: i32, message: &str) {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": code, "message": message},
        });
        self.outbox.send_message(body.to_string().as_bytes());
    }

    /// Drops consumed bytes once they are most of the buffer (amortised O(1) a byte).
    fn compact(&mut self) {
        if self.raw_start > 0 && self.raw_start * 2 >= self.raw.len() {
            self.raw.drain(..self.raw_start);
            self.raw_start = 0;
        }
        if self.ready_start == self.ready.len() {
            self.ready.clear();
            self.ready_start = 0;
        }
    }
}

/// The `Content-Length` of a header block (names are case-insensitive).
fn content_length(headers: &[u8]) -> Option<usize> {
    std::str::from_utf8(headers)
        .ok()?
        .split("\r\n")
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
}

impl<I: AsyncRead + Unpin> AsyncRead for CheckedInput<I> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.ready_start < this.ready.len() {
                let n = buf.remaining().min(this.ready.len() - this.ready_start);
                buf.put_slice(&this.ready[this.ready_start..this.ready_start + n]);
                this.ready_start += n;
                this.compact();
                return Poll::Ready(Ok(()));
            }
            if this.ended {
                return Poll::Ready(Ok(()));
            }
            let mut chunk = [0u8; READ_CHUNK];
            let mut chunk_buf = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.input).poll_read(cx, &mut chunk_buf) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(())) => {
                    let read = chunk_buf.filled();
                    if read.is_empty() {
                        // The client closed the stream; an unfinished frame goes with it.
                        this.ended = true;
                        continue;
                    }
                    this.raw.extend_from_slice(read);
                    this.take_frames();
                    this.compact();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let ok = [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            r#"{"jsonrpc":"2.0","method":"initialized"}"#,
            r#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":"a","error":{"code":1,"message":"x"}}"#,
            r#"{"jsonrpc":"2.0","method":"x\"y","params":[1,{"a":[]}]}"#,
        ];
        for body in ok {
            assert_eq!(problem(body.as_bytes()), None, "{body}");
        }
        let bad = [
            (
                r#"{"jsonrpc":"2.0","id":99,"method":"hover","params":{"#,
                PARSE_ERROR,
            ),
            ("[1,2]", INVALID_REQUEST),
            (r#""x""#, INVALID_REQUEST),
            (r#"{"jsonrpc":"2.0","id":6,"method":7}"#, INVALID_REQUEST),
            (r#"{"id":6,"method":"x"}"#, INVALID_REQUEST),
            (r#"{"jsonrpc":"1.0","method":"x"}"#, INVALID_REQUEST),
            (r#"{"jsonrpc":"2.0","id":5}"#, INVALID_REQUEST),
        ];
        for (body, code) in bad {
            assert_eq!(problem(body.as_bytes()).map(|p| p.0), Some(code), "{body}");
        }
        assert_eq!(
            problem(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}").map(|p| p.0),
            Some(PARSE_ERROR)
        );
    }

    #[test]
    fn lengths() {
        assert_eq!(content_length(b"Content-Length: 12"), Some(12));
        assert_eq!(
            content_length(b"content-length:7\r\nContent-Type: x"),
            Some(7)
        );
        assert_eq!(content_length(b"Content-Type: x"), None);
        assert_eq!(content_length(b"Content-Length: -1"), None);
    }
}
