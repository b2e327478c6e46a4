//! `lookout_lsp`: the language server behind `lookout lsp` and the VS Code extension.
//!
//! Documents: Dockerfiles and Kubernetes YAML (linted with the same `lookout_core::lint` as
//! the CLI and the web page) and dependency files (package-lock.json, requirements.txt, …,
//! checked against the vulnerability DB with `lookout_core::deps`). Provides diagnostics
//! (debounced, versioned, never stale), quick fixes and ignore actions, hover (rule docs,
//! ignore-comment codes, image references, advisories), negotiated position encoding, and
//! settings from `lookout.toml` and the client, reloaded without a restart.
//!
//! # Why `tower-lsp-server` and not `tower-lsp`
//! `tower-lsp` 0.20 (last release 2023) keeps serving after the LSP `exit` notification
//! until stdin closes, so an editor that sends `shutdown`/`exit` and waits for the process
//! sees a hang. Its maintained community fork `tower-lsp-server` 0.23 returns from
//! `Server::serve` on `exit`, uses native `async fn` in the trait (no `async_trait` boxing)
//! and tracks current LSP types (`ls_types`, 3.17 with position encodings). The small API
//! differences (its own `Uri` type) are confined to this crate.
//!
//! # Panics
//! Every handler runs the engine inside `catch_unwind` ([`guard::guarded`]): a panic on
//! some input is logged to the client and that request answers empty; the server keeps
//! serving.

mod actions;
mod analysis;
mod config;
mod convert;
mod db;
mod documents;
pub mod guard;
mod hover;
mod inbox;
mod outbox;
mod server;
mod wire;

pub use server::Backend;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::Server;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// `shutdown`, then `exit`: the process exits with code 0.
    ShutDown,
    /// `exit` without `shutdown`, or the stream closed: code 1, as the LSP spec asks for
    /// `exit`, so an editor can tell a clean stop from a lost connection.
    Abrupt,
}

impl SessionEnd {
    pub fn exit_code(self) -> u8 {
        match self {
            Self::ShutDown => 0,
            Self::Abrupt => 1,
        }
    }
}

/// Serves LSP over `input`/`output` until the client sends `exit` (or closes the stream).
pub async fn serve<I, O>(input: I, output: O) -> SessionEnd
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (outbox, queue) = outbox::outbox();
    tokio::join!(run(input, outbox), outbox::drain(queue, output)).0
}

/// The server reading `input`; everything it says goes through `outbox`, which is ended
/// when the session is.
async fn run<I: AsyncRead + Unpin>(input: I, outbox: outbox::Outbox) -> SessionEnd {
    // Tower's messages and the directly serialised diagnostics share one ordered queue;
    // see the `outbox` module for why.
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let (service, socket) = Backend::service(Some(outbox.clone()), shutdown_requested.clone());
    let tower_output = outbox::TowerOutput::new(outbox.clone());
    // Malformed messages are answered here and kept from tower (see `inbox`).
    let input = inbox::CheckedInput::new(input, outbox.clone());
    Server::new(input, tower_output, socket)
        .serve(service)
        .await;
    outbox.end();
    if shutdown_requested.load(Ordering::SeqCst) {
        SessionEnd::ShutDown
    } else {
        SessionEnd::Abrupt
    }
}

/// Serves LSP over stdin/stdout on a fresh multi-threaded tokio runtime (what
/// `lookout lsp` runs). Stdout is written by a thread of its own (see [`outbox`]).
pub fn serve_stdio() -> std::io::Result<SessionEnd> {
    use std::os::fd::AsFd;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (outbox, queue) = outbox::outbox();
    // Frames go to the descriptor itself: std's stdout is line-buffered, and its search
    // for the last newline of each half-megabyte frame was 3 % of the server's time.
    let stdout = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    let writer = std::thread::Builder::new()
        .name("lsp-stdout".into())
        .spawn(move || outbox::drain_blocking(queue, stdout))?;
    let end = runtime.block_on(run(tokio::io::stdin(), outbox));
    // The writer ends after the last queued message (or when the client is gone).
    writer
        .join()
        .map_err(|_| std::io::Error::other("the stdout writer panicked"))?;
    Ok(end)
}
