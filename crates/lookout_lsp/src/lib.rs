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
mod outbox;
mod server;
mod wire;

pub use server::Backend;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::Server;

/// Serves LSP over `input`/`output` until the client sends `exit` (or closes the stream).
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (outbox, queue) = outbox::outbox();
    tokio::join!(run(input, outbox), outbox::drain(queue, output));
}

/// The server reading `input`; everything it says goes through `outbox`, which is ended
/// when the session is.
async fn run<I: AsyncRead + Unpin>(input: I, outbox: outbox::Outbox) {
    // Tower's messages and the directly serialised diagnostics share one ordered queue;
    // see the `outbox` module for why.
    let (service, socket) = Backend::service(Some(outbox.clone()));
    let tower_output = outbox::TowerOutput::new(outbox.clone());
    Server::new(input, tower_output, socket)
        .serve(service)
        .await;
    outbox.end();
}

/// Serves LSP over stdin/stdout on a fresh multi-threaded tokio runtime (what
/// `lookout lsp` runs). Stdout is written by a thread of its own (see [`outbox`]).
pub fn serve_stdio() -> std::io::Result<()> {
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
    runtime.block_on(run(tokio::io::stdin(), outbox));
    // The writer ends after the last queued message (or when the client is gone).
    writer
        .join()
        .map_err(|_| std::io::Error::other("the stdout writer panicked"))
}
