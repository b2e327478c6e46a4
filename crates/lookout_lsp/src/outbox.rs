//! One ordered queue of outgoing LSP messages, written to the client by one task.
//!
//! Why: `tower-lsp-server` turns every outgoing notification into a `serde_json::Value`
//! tree before writing it. For `publishDiagnostics` on a big manifest (1,500 diagnostics,
//! ~480 KB of JSON) building, serialising and dropping that tree cost three times the lint
//! itself on every keystroke. Diagnostics are therefore serialised straight to bytes and
//! queued here, next to the messages tower writes (captured whole by [`TowerOutput`]), so
//! both reach the client as complete frames in the order they were queued.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tower_lsp_server::ls_types::{Diagnostic, Uri};

/// A queue item: a whole framed message, or the end of the session.
enum Item {
    Frame(Vec<u8>),
    End,
}

/// Queues whole messages for the writer task. Cheap to clone.
#[derive(Clone)]
pub struct Outbox {
    queue: UnboundedSender<Item>,
}

/// Creates the queue and the future that drains it into `output` (until [`Outbox::end`]).
pub fn outbox<O>(output: O) -> (Outbox, impl std::future::Future<Output = ()>)
where
    O: AsyncWrite,
{
    let (queue, receiver) = unbounded_channel();
    (Outbox { queue }, drain(receiver, output))
}

async fn drain<O: AsyncWrite>(mut receiver: UnboundedReceiver<Item>, output: O) {
    let mut output = std::pin::pin!(output);
    while let Some(Item::Frame(frame)) = receiver.recv().await {
        // A client that went away cannot be told anything; stop writing.
        if output.write_all(&frame).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

impl Outbox {
    /// Queues `textDocument/publishDiagnostics` for LSP values, serialised directly (no
    /// `Value` tree).
    pub fn publish_diagnostics(&self, uri: &Uri, diagnostics: &[Diagnostic], version: Option<i32>) {
        if let Ok(json) = serde_json::to_vec(diagnostics) {
            self.publish_json(uri, &json, version);
        }
    }

    /// Queues `textDocument/publishDiagnostics` whose `diagnostics` array is already JSON.
    pub fn publish_json(&self, uri: &Uri, diagnostics: &[u8], version: Option<i32>) {
        let mut body = Vec::with_capacity(diagnostics.len() + 256);
        body.extend_from_slice(
            br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
        );
        if serde_json::to_writer(&mut body, uri).is_err() {
            return;
        }
        body.extend_from_slice(br#","diagnostics":"#);
        body.extend_from_slice(diagnostics);
        if let Some(version) = version {
            body.extend_from_slice(format!(r#","version":{version}"#).as_bytes());
        }
        body.extend_from_slice(b"}}");
        self.send(frame(&body));
    }

    /// Everything queued so far is written, then the writer stops.
    pub fn end(&self) {
        let _ = self.queue.send(Item::End);
    }

    fn send(&self, frame: Vec<u8>) {
        // After `end` the writer is gone and the message has nowhere to go.
        let _ = self.queue.send(Item::Frame(frame));
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    let mut out = Vec::with_capacity(header.len() + body.len());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(body);
    out
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
            let frame = std::mem::replace(&mut self.pending, rest);
            self.outbox.send(frame);
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
        let (outbox, writer) = outbox(server);
        let writer = tokio::spawn(writer);
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
