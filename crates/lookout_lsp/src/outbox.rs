//! One ordered queue of outgoing LSP messages, written to the client by one writer.
//!
//! Why: `tower-lsp-server` turns every outgoing notification into a `serde_json::Value`
//! tree before writing it. For `publishDiagnostics` on a big manifest (1,500 diagnostics,
//! ~480 KB of JSON) building, serialising and dropping that tree cost three times the lint
//! itself on every keystroke. Diagnostics are therefore serialised straight to bytes and
//! queued here, next to the messages tower writes (captured whole by [`TowerOutput`]), so
//! both reach the client as complete frames in the order they were queued.
//!
//! The big byte buffers are reused ([`Buffers`]): a fresh half-megabyte allocation per
//! keystroke is fresh pages from the kernel, and faulting them in cost more than writing
//! the JSON. On stdio the writer is a plain thread writing to the locked stdout
//! ([`drain_blocking`]), which saves tokio's copy of every frame and a hop through its
//! blocking pool.

use std::io::{self, Write};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tower_lsp_server::ls_types::{Diagnostic, Uri};

/// A queue item: a whole framed message, or the end of the session.
enum Item {
    Frame(Frame),
    End,
}

/// A framed message: `bytes[start..]` (the header is written into room left in front of
/// the body once the body's length is known, so the body is never copied).
struct Frame {
    bytes: Vec<u8>,
    start: usize,
}

/// Room for `Content-Length: <20 digits>\r\n\r\n`.
const HEADER_ROOM: usize = 40;

/// Byte buffers handed back after use, so the next message of the same size finds its
/// memory already mapped. Cheap to clone.
#[derive(Clone, Default)]
pub struct Buffers(Arc<Mutex<Vec<Vec<u8>>>>);

/// Buffers kept for reuse: the diagnostics JSON and its frame, and one in flight.
const KEPT_BUFFERS: usize = 4;
/// A buffer above this is freed rather than kept (one huge file should not pin memory).
const KEPT_CAPACITY: usize = 16 << 20;

impl Buffers {
    /// An empty buffer, with the capacity of one used before when there is one.
    pub fn take(&self) -> Vec<u8> {
        self.lock().pop().unwrap_or_default()
    }

    /// Hands `buffer` back for reuse.
    pub fn give(&self, mut buffer: Vec<u8>) {
        if buffer.capacity() == 0 || buffer.capacity() > KEPT_CAPACITY {
            return;
        }
        buffer.clear();
        let mut kept = self.lock();
        if kept.len() < KEPT_BUFFERS {
            kept.push(buffer);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Vec<u8>>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Queues whole messages for the writer. Cheap to clone.
#[derive(Clone)]
pub struct Outbox {
    queue: UnboundedSender<Item>,
    buffers: Buffers,
}

/// The receiving end of an [`Outbox`], for [`drain`] or [`drain_blocking`].
pub struct Queue {
    receiver: UnboundedReceiver<Item>,
    buffers: Buffers,
}

/// Creates the queue; a writer drains it with [`drain`] or [`drain_blocking`].
pub fn outbox() -> (Outbox, Queue) {
    let (queue, receiver) = unbounded_channel();
    let buffers = Buffers::default();
    (
        Outbox {
            queue,
            buffers: buffers.clone(),
        },
        Queue { receiver, buffers },
    )
}

/// Writes the queued frames to `output` until [`Outbox::end`].
pub async fn drain<O: AsyncWrite>(queue: Queue, output: O) {
    let Queue {
        mut receiver,
        buffers,
    } = queue;
    let mut output = std::pin::pin!(output);
    while let Some(Item::Frame(frame)) = receiver.recv().await {
        // A client that went away cannot be told anything; stop writing.
        let bytes = &frame.bytes[frame.start..];
        if output.write_all(bytes).await.is_err() || output.flush().await.is_err() {
            return;
        }
        buffers.give(frame.bytes);
    }
}

/// [`drain`] on a thread of its own, writing with blocking calls (stdout).
pub fn drain_blocking(queue: Queue, mut output: impl Write) {
    let Queue {
        mut receiver,
        buffers,
    } = queue;
    while let Some(Item::Frame(frame)) = receiver.blocking_recv() {
        let bytes = &frame.bytes[frame.start..];
        if output.write_all(bytes).is_err() || output.flush().is_err() {
            return;
        }
        buffers.give(frame.bytes);
    }
}

impl Outbox {
    /// A buffer to write a message's JSON into (see [`Buffers`]).
    pub fn buffer(&self) -> Vec<u8> {
        self.buffers.take()
    }

    /// Queues `textDocument/publishDiagnostics` for LSP values, serialised directly (no
    /// `Value` tree).
    pub fn publish_diagnostics(&self, uri: &Uri, diagnostics: &[Diagnostic], version: Option<i32>) {
        if let Ok(json) = serde_json::to_vec(diagnostics) {
            self.publish_json(uri, json, version);
        }
    }

    /// Queues `textDocument/publishDiagnostics` whose `diagnostics` array is already JSON
    /// (the buffer is kept for reuse).
    pub fn publish_json(&self, uri: &Uri, diagnostics: Vec<u8>, version: Option<i32>) {
        let mut frame = self.buffers.take();
        frame.resize(HEADER_ROOM, b' ');
        frame.extend_from_slice(
            br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
        );
        let written = serde_json::to_writer(&mut frame, uri);
        frame.extend_from_slice(br#","diagnostics":"#);
        frame.extend_from_slice(&diagnostics);
        self.buffers.give(diagnostics);
        if written.is_err() {
            self.buffers.give(frame);
            return;
        }
        if let Some(version) = version {
            frame.extend_from_slice(format!(r#","version":{version}"#).as_bytes());
        }
        frame.extend_from_slice(b"}}");
        let header = format!("Content-Length: {}\r\n\r\n", frame.len() - HEADER_ROOM);
        let start = HEADER_ROOM - header.len();
        frame[start..HEADER_ROOM].copy_from_slice(header.as_bytes());
        self.send(Frame {
            bytes: frame,
            start,
        });
    }

    /// Queues one message whose JSON body is `body`.
    pub fn send_message(&self, body: &[u8]) {
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(body);
        self.send(Frame { bytes, start: 0 });
    }

    /// Everything queued so far is written, then the writer stops.
    pub fn end(&self) {
        let _ = self.queue.send(Item::End);
    }

    fn send(&self, frame: Frame) {
        // After `end` the writer is gone and the message has nowhere to go.
        let _ = self.queue.send(Item::Frame(frame));
    }
}

/// The output handed to `tower-lsp-server`: collects its bytes and queues each message
/// once it is complete, so a directly queued message never lands inside one of tower's.
pub struct TowerOutput {
    outbox: Outbox,
    pending: Vec<u8>,
}

impl TowerOutput {
    pub fn new(outbox: Outbox) -> Self {
        Self {
            outbox,
            pending: Vec::new(),
        }
    }

    /// Queues every complete `Content-Length` frame at the front of `pending`.
    fn queue_complete_frames(&mut self) {
        while let Some(length) = complete_frame_len(&self.pending) {
            let rest = self.pending.split_off(length);
            let bytes = std::mem::replace(&mut self.pending, rest);
            self.outbox.send(Frame { bytes, start: 0 });
        }
    }
}

/// The length of the frame at the start of `bytes` (headers and body) when it is all
/// there. A header block without a readable `Content-Length` counts as a frame by itself
/// (tower never writes one; passing it on beats holding everything after it).
fn complete_frame_len(bytes: &[u8]) -> Option<usize> {
    let headers_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let headers = std::str::from_utf8(&bytes[..headers_end]).ok();
    let body = headers.and_then(|h| {
        h.split("\r\n").find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
    });
    match body {
        Some(body) => (bytes.len() >= headers_end + body).then_some(headers_end + body),
        None => Some(headers_end),
    }
}

impl AsyncWrite for TowerOutput {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.pending.extend_from_slice(buf);
        this.queue_complete_frames();
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_cut_at_their_content_length() {
        let two = b"Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]";
        assert_eq!(complete_frame_len(two), Some(23));
        assert_eq!(complete_frame_len(&two[..22]), None);
        assert_eq!(complete_frame_len(b"Content-Len"), None);
        assert_eq!(complete_frame_len(b"X-Other: 1\r\n\r\n"), Some(14));
    }

    #[tokio::test]
    async fn tower_bytes_and_direct_messages_keep_their_order_and_stay_whole() {
        let (client, server) = tokio::io::duplex(1 << 16);
        let (outbox, queue) = outbox();
        let writer = tokio::spawn(drain(queue, server));
        let mut tower = TowerOutput::new(outbox.clone());
        // Tower's message arrives in two writes; a direct message is queued between them.
        tower
            .write_all(b"Content-Length: 2\r\n\r")
            .await
            .unwrap_or_default();
        let uri = "file:///a".parse().unwrap_or_else(|_| unreachable!());
        outbox.publish_diagnostics(&uri, &[], Some(1));
        tower.write_all(b"\n{}").await.unwrap_or_default();
        outbox.end();
        writer.await.unwrap_or_default();
        drop(outbox);
        drop(tower);
        let mut received = String::new();
        let mut client = client;
        tokio::io::AsyncReadExt::read_to_string(&mut client, &mut received)
            .await
            .unwrap_or_default();
        let publish = received.find("publishDiagnostics").unwrap_or(usize::MAX);
        let tower_frame = received
            .find("Content-Length: 2\r\n\r\n{}")
            .unwrap_or(usize::MAX);
        assert!(publish < tower_frame, "{received}");
        assert!(received.starts_with("Content-Length: "), "{received}");
    }
}
