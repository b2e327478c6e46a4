//! An LSP client speaking the real wire format (Content-Length framing) to the server over
//! an in-memory duplex stream. Tests wait on the notifications they expect, never sleep;
//! a generous timeout only turns a hang into a failure.
#![allow(clippy::unwrap_used, dead_code)]

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, WriteHalf};
use tokio::sync::{mpsc, Mutex};

const WAIT: Duration = Duration::from_secs(20);

pub struct Client {
    writer: Arc<Mutex<WriteHalf<tokio::io::DuplexStream>>>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read while waiting for something else.
    backlog: VecDeque<Value>,
    next_id: i64,
    pub server: tokio::task::JoinHandle<lookout_lsp::SessionEnd>,
}

async fn write_message(writer: &Mutex<WriteHalf<tokio::io::DuplexStream>>, message: &Value) {
    let body = serde_json::to_vec(message).unwrap();
    let mut writer = writer.lock().await;
    writer
        .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await
        .unwrap();
    writer.write_all(&body).await.unwrap();
    writer.flush().await.unwrap();
}

impl Client {
    /// Starts a server and completes `initialize`/`initialized`.
    pub async fn start(
        initialization_options: Value,
        position_encodings: &[&str],
    ) -> (Self, Value) {
        let (client_io, server_io) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_io);
        let server = tokio::spawn(lookout_lsp::serve(server_read, server_write));
        let (client_read, client_write) = tokio::io::split(client_io);
        let writer = Arc::new(Mutex::new(client_write));
        let (sender, incoming) = mpsc::unbounded_channel();
        let reply_writer = Arc::clone(&writer);
        tokio::spawn(async move {
            let mut reader = BufReader::new(client_read);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.unwrap()];
                reader.read_exact(&mut body).await.unwrap();
                let message: Value = serde_json::from_slice(&body).unwrap();
                // Server-to-client requests (registerCapability, configuration) get an answer
                // at once, as an editor would give.
                if message.get("id").is_some() && message.get("method").is_some() {
                    let result = if message["method"] == "workspace/configuration" {
                        json!([null])
                    } else {
                        Value::Null
                    };
                    write_message(
                        &reply_writer,
                        &json!({"jsonrpc": "2.0", "id": message["id"], "result": result}),
                    )
                    .await;
                }
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Self {
            writer,
            incoming,
            backlog: VecDeque::new(),
            next_id: 1,
            server,
        };
        let mut capabilities = json!({
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "configuration": true},
            "textDocument": {"publishDiagnostics": {"versionSupport": true}}
        });
        if !position_encodings.is_empty() {
            capabilities["general"] = json!({"positionEncodings": position_encodings});
        }
        let result = client
            .request("initialize", json!({"processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": initialization_options}))
            .await;
        client.notify("initialized", json!({})).await;
        (client, result)
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        write_message(
            &self.writer,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        )
        .await;
    }

    /// Writes `bytes` as they are (a malformed frame, for robustness tests).
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        let mut writer = self.writer.lock().await;
        writer.write_all(bytes).await.unwrap();
        writer.flush().await.unwrap();
    }

    /// Sends a request and returns its `result` (panics on an error response).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        write_message(
            &self.writer,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        )
        .await;
        let response = self
            .wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .await;
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The next message matching `wanted` (earlier non-matching ones stay in the backlog).
    pub async fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(at).unwrap();
        }
        loop {
            let message = tokio::time::timeout(WAIT, self.incoming.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "no expected message within {WAIT:?}; backlog: {:?}",
                        self.backlog
                    )
                })
                .expect("server closed the stream");
            if wanted(&message) {
                return message;
            }
            self.backlog.push_back(message);
        }
    }

    /// The diagnostics published for `uri` at `version`.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            })
            .await;
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn open(
        &mut self,
        uri: &str,
        language: &str,
        version: i64,
        text: &str,
    ) -> Vec<Value> {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}))
            .await;
        self.diagnostics(uri, version).await
    }

    pub async fn change_full(&mut self, uri: &str, version: i64, text: &str) {
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}))
            .await;
    }

    /// Messages that arrived and were not consumed.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(message) = self.incoming.try_recv() {
            self.backlog.push_back(message);
        }
        self.backlog.drain(..).collect()
    }

    /// `shutdown` then `exit`: the session must end cleanly.
    pub async fn shutdown(mut self) {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        let end = tokio::time::timeout(WAIT, self.server)
            .await
            .expect("server did not exit after `exit`")
            .unwrap();
        assert_eq!(end, lookout_lsp::SessionEnd::ShutDown);
    }

    /// `exit` without `shutdown`: how the session ended.
    pub async fn exit_without_shutdown(mut self) -> lookout_lsp::SessionEnd {
        self.notify("exit", Value::Null).await;
        tokio::time::timeout(WAIT, self.server)
            .await
            .expect("server did not exit after `exit`")
            .unwrap()
    }
}

/// A fresh temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lookout-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Builds the npm vulnerability DB from ../shared/osv into `dir` (fails plainly without
/// ../shared).
pub fn npm_db(dir: &Path) -> PathBuf {
    let zip_path = format!("{}/../../../shared/osv/npm/all.zip", manifest_dir());
    let zip = std::fs::read(&zip_path)
        .unwrap_or_else(|e| panic!("this test needs ../shared ({zip_path}): {e}"));
    let built = lookout_vuln::build_db(&[("npm/all.zip", zip)], "2026-01-01T00:00:00Z");
    let db_dir = dir.join("db");
    std::fs::create_dir_all(&db_dir).unwrap();
    std::fs::write(db_dir.join(lookout_vuln::INDEX_FILE), &built.index).unwrap();
    for (file, bytes) in &built.shards {
        std::fs::write(db_dir.join(file), bytes).unwrap();
    }
    db_dir
}

/// Applies a WorkspaceEdit's edits for `uri` to `text` (positions in UTF-16).
pub fn apply_workspace_edit(text: &str, edit: &Value, uri: &str) -> String {
    let edits = edit["changes"][uri].as_array().cloned().unwrap_or_default();
    let index = lookout_diagnostics::LineIndex::new(text);
    let offset = |p: &Value| {
        index.offset(
            text,
            lookout_diagnostics::LineCol {
                line: p["line"].as_u64().unwrap() as u32,
                col: p["character"].as_u64().unwrap() as u32,
            },
            lookout_diagnostics::PositionEncoding::Utf16,
        )
    };
    let edits: Vec<lookout_diagnostics::Edit> = edits
        .iter()
        .map(|e| {
            let range = lookout_diagnostics::TextRange::new(
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
            );
            lookout_diagnostics::Edit::replace(range, e["newText"].as_str().unwrap())
        })
        .collect();
    lookout_diagnostics::apply_edits(text, &edits)
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
pub fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
