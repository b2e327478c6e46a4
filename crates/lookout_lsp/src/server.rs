//! The `LanguageServer` implementation: document sync, the debounced and versioned
//! diagnostics pipeline, and the request handlers.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use lookout_diagnostics::PositionEncoding;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, ConfigurationItem, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult,
    InitializedParams, MarkupContent, MarkupKind, MessageType, PositionEncodingKind, Registration,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use tower_lsp_server::{Client, ClientSocket, LanguageServer, LspService};

use crate::analysis::{self, Analysis, Analyzed, EditorCache, Published, Purpose};
use crate::config::{effective_settings, is_config_file, ClientSettings, ConfigFiles};
use crate::convert::Positions;
use crate::db::DbCache;
use crate::documents::{Content, Document};
use crate::guard::guarded;
use crate::outbox::Outbox;
use crate::{actions, hover};

/// The language server. Cheap to clone: handlers hand clones to the debounce tasks.
#[derive(Clone)]
pub struct Backend {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    /// Where diagnostics are published when serving a stream (`None`: through `client`).
    outbox: Option<Outbox>,
    state: Mutex<State>,
    db: Mutex<DbCache>,
    /// Held while the final version check and the publish happen, so a result for an
    /// older version can never be sent after one for a newer version.
    publish_lane: tokio::sync::Mutex<()>,
    /// Set by the `shutdown` request: `exit` without it ends the process with code 1.
    shutdown_requested: Arc<AtomicBool>,
}

#[derive(Default)]
struct State {
    encoding: Encoding,
    client_settings: ClientSettings,
    config_files: ConfigFiles,
    documents: HashMap<Uri, Entry>,
    /// Problems (bad `lookout.toml`, missing DB) already shown, so each is shown once.
    reported: HashSet<String>,
    watch_dynamically: bool,
    /// The first workspace folder: a relative `db` client setting is taken from it.
    workspace: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy)]
struct Encoding(PositionEncoding);

impl Default for Encoding {
    fn default() -> Self {
        Self(PositionEncoding::Utf16)
    }
}

struct Entry {
    document: Document,
    analysis: Option<Arc<Analysis>>,
    /// What the next lint of this document can reuse from the last one.
    lint_cache: Arc<Mutex<EditorCache>>,
}

/// Everything needed to analyse one version of a document outside the state lock.
struct Job {
    document: Document,
    content: Content,
    settings: lookout_core::Settings,
    encoding: PositionEncoding,
    problem: Option<String>,
    lint_cache: Arc<Mutex<EditorCache>>,
}

impl Backend {
    pub fn new(
        client: Client,
        outbox: Option<Outbox>,
        shutdown_requested: Arc<AtomicBool>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                client,
                outbox,
                state: Mutex::new(State::default()),
                db: Mutex::new(DbCache::default()),
                publish_lane: tokio::sync::Mutex::new(()),
                shutdown_requested,
            }),
        }
    }

    /// The service with Lookout's custom requests (`lookout/ruleDocs`); `shutdown_requested`
    /// is set when the client sends `shutdown`.
    pub fn service(
        outbox: Option<Outbox>,
        shutdown_requested: Arc<AtomicBool>,
    ) -> (LspService<Self>, ClientSocket) {
        LspService::build(move |client| Self::new(client, outbox, shutdown_requested))
            .custom_method("lookout/ruleDocs", Self::rule_docs)
            .finish()
    }

    /// `lookout/ruleDocs` `{ "code": "DL3007" }` → `{ code, name, markdown, url }` or null.
    async fn rule_docs(&self, params: Value) -> Result<Option<Value>> {
        let code = params
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or_default();
        Ok(lookout_rules::codes::find(code).map(|rule| {
            serde_json::json!({"code": rule.code, "name": rule.name, "markdown": hover::rule_docs(rule), "url": rule.docs_url()})
        }))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic never happens while the lock is held (engine work runs outside it), but
        // if it did, the state is still consistent: keep serving.
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn job(&self, uri: &Uri, version: Option<i32>) -> Option<Job> {
        let mut state = self.state();
        let encoding = state.encoding.0;
        let State {
            documents,
            config_files,
            client_settings,
            ..
        } = &mut *state;
        let entry = documents.get(uri)?;
        if version.is_some_and(|v| v != entry.document.version) {
            return None;
        }
        let document = entry.document.clone();
        let content = document.content();
        let (settings, problem) = match content {
            Content::Ignored => (lookout_core::Settings::default(), None),
            _ => effective_settings(config_files, client_settings, &document.path),
        };
        Some(Job {
            document,
            content,
            settings,
            encoding,
            problem,
            lint_cache: Arc::clone(&entry.lint_cache),
        })
    }

    /// Runs the engine for a job, for publishing (`publish`) or for code actions and hover;
    /// a panic gives an empty result and a log line.
    fn analyze(&self, job: &Job, publish: bool) -> (Analyzed, Vec<String>) {
        let mut problems: Vec<String> = job.problem.iter().cloned().collect();
        let version = job.document.version;
        let outcome = guarded("diagnostics", || match job.content {
            Content::Lint(kind) => {
                let mut cache = job
                    .lint_cache
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let purpose = if publish {
                    let out = self.inner.outbox.as_ref().map(Outbox::buffer);
                    Purpose::Publish(out.unwrap_or_default())
                } else {
                    Purpose::Actions
                };
                analysis::lint_document(
                    &job.document,
                    kind,
                    &job.settings,
                    job.encoding,
                    &mut cache,
                    purpose,
                )
            }
            Content::Dependencies => {
                let ecosystems =
                    lookout_core::deps::ecosystems_in(&job.document.path, &job.document.text);
                let mut cache = self
                    .inner
                    .db
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                match cache.get(job.settings.db.as_deref(), &ecosystems) {
                    Ok(db) => analysis::check_dependencies(&job.document, db, job.encoding),
                    Err(message) => {
                        problems.push(message);
                        Analyzed::empty(version)
                    }
                }
            }
            Content::Ignored => Analyzed::empty(version),
        });
        match outcome {
            Ok(analyzed) => (analyzed, problems),
            Err(panic) => {
                problems.push(panic);
                (Analyzed::empty(version), problems)
            }
        }
    }

    async fn report(&self, problems: Vec<String>) {
        for problem in problems {
            let first_time = self.state().reported.insert(problem.clone());
            if first_time {
                self.inner
                    .client
                    .log_message(MessageType::WARNING, &problem)
                    .await;
            }
        }
    }

    /// Analyses version `version` of `uri` and publishes the result unless the document
    /// moved on meanwhile.
    async fn refresh(&self, uri: Uri, version: i32) {
        let Some(job) = self.job(&uri, Some(version)) else {
            return;
        };
        let (analyzed, problems) = self.analyze(&job, true);
        self.report(problems).await;
        let _lane = self.inner.publish_lane.lock().await;
        let (diagnostics, previous) = {
            let mut state = self.state();
            let Some(entry) = state.documents.get_mut(&uri) else {
                return;
            };
            if entry.document.version != version {
                return;
            }
            let previous = entry.analysis.replace(Arc::new(analyzed.analysis));
            (analyzed.diagnostics, previous)
        };
        self.publish(uri, diagnostics, Some(version)).await;
        // The previous version's findings (thousands on a big file) are freed after the
        // publish, not before it.
        drop(previous);
    }

    /// Publishes diagnostics; callers hold `publish_lane`.
    async fn publish(&self, uri: Uri, diagnostics: Published, version: Option<i32>) {
        match (&self.inner.outbox, diagnostics) {
            (Some(outbox), Published::Json(json)) => outbox.publish_json(&uri, json, version),
            (Some(outbox), Published::Values(values)) => {
                outbox.publish_diagnostics(&uri, &values, version);
            }
            (None, diagnostics) => {
                self.inner
                    .client
                    .publish_diagnostics(uri, diagnostics.into_values(), version)
                    .await;
            }
        }
    }

    async fn refresh_all(&self) {
        let open: Vec<(Uri, i32)> = self
            .state()
            .documents
            .iter()
            .map(|(uri, e)| (uri.clone(), e.document.version))
            .collect();
        for (uri, version) in open {
            self.refresh(uri, version).await;
        }
    }

    /// The document and its analysis for the current version, for hover and (`fixes`)
    /// code actions. Computed now if the debounced one has not run yet, or if fixes are
    /// wanted and the published analysis went without them; kept for the next request.
    fn current(
        &self,
        uri: &Uri,
        fixes: bool,
    ) -> Option<(Document, Arc<Analysis>, PositionEncoding)> {
        let cached = {
            let state = self.state();
            let entry = state.documents.get(uri)?;
            entry
                .analysis
                .as_ref()
                .filter(|a| a.version == entry.document.version && (a.fixes || !fixes))
                .map(|a| (entry.document.clone(), Arc::clone(a), state.encoding.0))
        };
        if cached.is_some() {
            return cached;
        }
        let job = self.job(uri, None)?;
        let (analyzed, _) = self.analyze(&job, false);
        let analysis = Arc::new(analyzed.analysis);
        let mut state = self.state();
        if let Some(entry) = state.documents.get_mut(uri) {
            if entry.document.version == analysis.version {
                entry.analysis = Some(Arc::clone(&analysis));
            }
        }
        drop(state);
        Some((job.document, analysis, job.encoding))
    }

    /// Publishes diagnostics for `version` after the client's debounce (at once without one).
    async fn schedule(&self, uri: Uri, version: i32) {
        let debounce = self.state().client_settings.debounce();
        if debounce.is_zero() {
            // Nothing to wait for: analysed here rather than in a spawned task, which
            // costs a thread wake-up on the way to every publish (p99 −1 ms on the
            // benchmark stream).
            self.refresh(uri, version).await;
            return;
        }
        let backend = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(debounce).await;
            backend.refresh(uri, version).await;
        });
    }

    async fn apply_client_settings(&self, mut settings: ClientSettings) {
        {
            let mut state = self.state();
            settings.resolve_db(state.workspace.as_deref());
            state.client_settings = settings;
            state.reported.clear();
        }
        self.inner
            .db
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .invalidate();
        self.refresh_all().await;
    }

    async fn register_watchers(&self) {
        if !self.state().watch_dynamically {
            return;
        }
        let watchers = [
            "**/lookout.toml",
            "**/.hadolint.yaml",
            "**/.hadolint.yml",
            "**/index.json",
        ]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_string()),
            kind: None,
        })
        .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "lookout-watch-config".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(err) = self
            .inner
            .client
            .register_capability(vec![registration])
            .await
        {
            self.inner
                .client
                .log_message(
                    MessageType::INFO,
                    format!("lookout: file watching not registered: {err}"),
                )
                .await;
        }
    }
}

fn negotiate_encoding(params: &InitializeParams) -> PositionEncoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}

/// The client's first workspace folder (or its older `rootUri`) as a path.
fn workspace_folder(params: &InitializeParams) -> Option<std::path::PathBuf> {
    #[allow(deprecated)]
    let root = params.root_uri.as_ref();
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| &folder.uri)
        .or(root)
        .and_then(|uri| uri.to_file_path())
        .map(|path| path.into_owned())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let workspace = workspace_folder(&params);
        let mut settings = params
            .initialization_options
            .as_ref()
            .map(ClientSettings::from_json)
            .unwrap_or_default();
        settings.resolve_db(workspace.as_deref());
        {
            let mut state = self.state();
            state.encoding = Encoding(encoding);
            state.client_settings = settings;
            state.workspace = workspace;
            state.watch_dynamically = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
        }
        let position_encoding = match encoding {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(position_encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "lookout".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.register_watchers().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.inner.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let document = Document::new(item.uri.clone(), item.language_id, item.version, item.text);
        self.state().documents.insert(
            item.uri.clone(),
            Entry {
                document,
                analysis: None,
                lint_cache: Arc::default(),
            },
        );
        // Opening is answered at once: the user is looking at the file now.
        self.refresh(item.uri, item.version).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let changed = {
            let mut state = self.state();
            let encoding = state.encoding.0;
            match state.documents.get_mut(&uri) {
                Some(entry) => {
                    entry
                        .document
                        .apply_changes(params.content_changes, encoding);
                    entry.document.version = version;
                    true
                }
                None => false,
            }
        };
        if changed {
            self.schedule(uri, version).await;
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let path = Document::new(params.text_document.uri, String::new(), 0, String::new()).path;
        if is_config_file(&path) {
            self.state().config_files.invalidate();
            self.refresh_all().await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let removed = self.state().documents.remove(&uri).is_some();
        if removed {
            let _lane = self.inner.publish_lane.lock().await;
            self.publish(uri, Published::Values(Vec::new()), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let mut settings = ClientSettings::from_json(&params.settings);
        if params.settings.is_null()
            || params
                .settings
                .as_object()
                .is_some_and(serde_json::Map::is_empty)
        {
            // Pull-style clients send an empty notification and expect the server to ask.
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("lookout".to_string()),
            };
            if let Ok(values) = self.inner.client.configuration(vec![item]).await {
                settings = values
                    .first()
                    .map(ClientSettings::from_json)
                    .unwrap_or_default();
            }
        }
        self.apply_client_settings(settings).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<String> = params
            .changes
            .iter()
            .map(|change| Document::new(change.uri.clone(), String::new(), 0, String::new()).path)
            .collect();
        if paths.iter().any(|p| is_config_file(p)) {
            self.state().config_files.invalidate();
        }
        if paths.iter().any(|p| p.ends_with("index.json")) {
            self.inner
                .db
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .invalidate();
        }
        self.state().reported.clear();
        self.refresh_all().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let Some((document, analysis, encoding)) = self.current(&uri, false) else {
            return Ok(None);
        };
        let found = guarded("hover", || {
            let positions = Positions::new(&document.text, encoding);
            let offset = positions.offset(position);
            hover::hover_at(&document, &analysis, offset).map(|(markdown, range)| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: markdown,
                }),
                range: Some(positions.range(range)),
            })
        });
        match found {
            Ok(hover) => Ok(hover),
            Err(panic) => {
                self.inner
                    .client
                    .log_message(MessageType::ERROR, panic)
                    .await;
                Ok(None)
            }
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some((document, analysis, encoding)) = self.current(&uri, true) else {
            return Ok(None);
        };
        let found = guarded("codeAction", || {
            let requested = Positions::new(&document.text, encoding).text_range(params.range);
            actions::code_actions(&document, &analysis, requested, encoding)
        });
        match found {
            Ok(actions) => Ok(Some(actions)),
            Err(panic) => {
                self.inner
                    .client
                    .log_message(MessageType::ERROR, panic)
                    .await;
                Ok(None)
            }
        }
    }
}
