//! The issue's acceptance exchange, in process over a duplex stream with the real wire
//! format: no sleeps, every step waits on the notification or response it expects.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::{apply_workspace_edit, file_uri, npm_db, temp_dir, Client};

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

#[tokio::test]
async fn dockerfile_latest_tag_is_reported_fixed_and_cleared() {
    let (mut client, init) = Client::start(json!({"debounceMs": 0}), &[]).await;
    let capabilities = &init["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(
        capabilities["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(capabilities["hoverProvider"], true);

    let uri = "file:///work/app/Dockerfile";
    let diagnostics = client
        .open(uri, "dockerfile", 1, "FROM nginx:latest\n")
        .await;
    let latest = find(&diagnostics, "DL3007");
    assert_eq!(latest["range"]["start"]["line"], 0);
    assert_eq!(latest["range"]["start"]["character"], 5);
    assert_eq!(latest["source"], "lookout");
    assert_eq!(latest["severity"], 2, "warning");
    assert_eq!(
        latest["codeDescription"]["href"],
        "https://lookout.dev/rules/dl3007"
    );
    assert!(
        latest["message"].as_str().unwrap().contains("[DS-0001]"),
        "aliases shown: {latest}"
    );

    // Incremental edit: replace `latest` with `1.27.3`.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
                {"range": {"start": {"line": 0, "character": 11}, "end": {"line": 0, "character": 17}}, "text": "1.27.3"}]}),
        )
        .await;
    let diagnostics = client.diagnostics(uri, 2).await;
    assert!(
        !codes(&diagnostics).contains(&"DL3007".to_string()),
        "{diagnostics:#?}"
    );

    // Hover on the image reference: its parsed parts.
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 8}}),
        )
        .await;
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(markdown.contains("docker.io (default)"), "{markdown}");
    assert!(markdown.contains("`library/nginx`"), "{markdown}");
    assert!(markdown.contains("`1.27.3`"), "{markdown}");
    assert!(markdown.contains("none: not pinned"), "{markdown}");
    client.shutdown().await;
}

#[tokio::test]
async fn quick_fix_hover_and_ignore_actions() {
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), &[]).await;
    let uri = "file:///work/app/Dockerfile";
    let text = "FROM debian:12.7@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nADD app.py /app/\n";
    let diagnostics = client.open(uri, "dockerfile", 1, text).await;
    let add = find(&diagnostics, "DL3020").clone();
    assert_eq!(add["range"]["start"]["line"], 1);

    let actions = client
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": add["range"], "context": {"diagnostics": [add]}}))
        .await;
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true, "{titles:?}");
    assert_eq!(fix["diagnostics"][0]["code"], "DL3020");
    let fixed = apply_workspace_edit(text, &fix["edit"], uri);
    assert_eq!(fixed, text.replace("ADD app.py", "COPY app.py"));

    let ignore_line = actions
        .iter()
        .find(|a| a["title"] == "Ignore DL3020 for this line")
        .unwrap_or_else(|| panic!("{titles:?}"));
    let ignored = apply_workspace_edit(text, &ignore_line["edit"], uri);
    assert!(
        ignored.contains("# lookout ignore=DL3020\nADD app.py"),
        "{ignored}"
    );
    let ignore_file = actions
        .iter()
        .find(|a| a["title"] == "Ignore DL3020 in this file")
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert!(apply_workspace_edit(text, &ignore_file["edit"], uri)
        .starts_with("# lookout ignore-file=DL3020\nFROM"));

    // Applying the quick fix clears the diagnostic.
    client.change_full(uri, 2, &fixed).await;
    assert!(!codes(&client.diagnostics(uri, 2).await).contains(&"DL3020".to_string()));

    // The ignore comment silences it; hover on its code shows the rule docs.
    client.change_full(uri, 3, &ignored).await;
    assert!(!codes(&client.diagnostics(uri, 3).await).contains(&"DL3020".to_string()));
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 20}}),
        )
        .await;
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.contains("### DL3020 `copy-instead-of-add`"),
        "{markdown}"
    );
    assert!(markdown.contains("## What it does"), "{markdown}");

    // Hover on a diagnostic's range shows the docs of its rule.
    client.change_full(uri, 4, "FROM nginx:latest\n").await;
    client.diagnostics(uri, 4).await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 14}}),
        )
        .await;
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(markdown.contains("### DL3007"), "{markdown}");
    assert!(markdown.contains("## Why is this bad?"), "{markdown}");
    client.shutdown().await;
}

#[tokio::test]
async fn kubernetes_privileged_is_reported_with_its_trivy_alias() {
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), &[]).await;
    let uri = "file:///work/app/deploy.yaml";
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n";
    let diagnostics = client.open(uri, "yaml", 1, text).await;
    let privileged = diagnostics
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap_or_default()
                .contains("KSV-0017")
        })
        .unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(privileged["range"]["start"]["line"], 9);
    assert_eq!(privileged["severity"], 1);
    assert_eq!(privileged["code"], "LKK002");

    // The published findings go without their fixes; a code action still offers the
    // rule's own fix, after an edit too.
    let edited = text.replace("nginx:1.27", "nginx:1.28");
    for (version, text) in [(1, text), (2, edited.as_str())] {
        if version > 1 {
            client.change_full(uri, version, text).await;
            client.diagnostics(uri, version).await;
        }
        let range =
            json!({"start": {"line": 9, "character": 8}, "end": {"line": 9, "character": 8}});
        let actions = client
            .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}))
            .await;
        let fix = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| {
                a["diagnostics"][0]["code"] == "LKK002"
                    && !a["title"].as_str().unwrap().starts_with("Ignore")
            })
            .unwrap_or_else(|| panic!("version {version}: {actions:#}"));
        let fixed = apply_workspace_edit(text, &fix["edit"], uri);
        assert!(fixed.contains("privileged: false"), "{fixed}");
    }

    // Plain YAML that is not Kubernetes gets no diagnostics.
    let other = client
        .open(
            "file:///work/app/ci.yaml",
            "yaml",
            1,
            "on: push\njobs: {}\n",
        )
        .await;
    assert!(other.is_empty());
    client.shutdown().await;
}

#[tokio::test]
async fn package_lock_vulnerable_lodash_gets_a_diagnostic_and_a_bump() {
    let dir = temp_dir("lockfile");
    let db = npm_db(&dir);
    let (mut client, _) =
        Client::start(json!({"debounceMs": 0, "db": db.to_str().unwrap()}), &[]).await;
    let uri = file_uri(&dir.join("package-lock.json"));
    let text = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "app", "dependencies": { "lodash": "^4.17.15" } },
    "node_modules/lodash": {
      "version": "4.17.15",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz"
    }
  }
}
"#;
    let diagnostics = client.open(&uri, "json", 1, text).await;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let lodash = &diagnostics[0];
    assert_eq!(lodash["range"]["start"]["line"], 6);
    assert_eq!(lodash["range"]["start"]["character"], 18);
    let message = lodash["message"].as_str().unwrap();
    assert!(message.starts_with("lodash 4.17.15: "), "{message}");
    assert!(message.contains("fixed in "), "{message}");
    let fixed_version = lodash["data"]["fixedVersion"].as_str().unwrap().to_string();

    let actions = client
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": lodash["range"], "context": {"diagnostics": [lodash]}}))
        .await;
    let bump = &actions.as_array().unwrap()[0];
    assert_eq!(
        bump["title"],
        format!("Bump lodash to {fixed_version} (unsafe: review the change)")
    );
    let bumped = apply_workspace_edit(text, &bump["edit"], &uri);
    client.change_full(&uri, 2, &bumped).await;
    assert!(client.diagnostics(&uri, 2).await.is_empty());

    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 6, "character": 20}}),
        )
        .await;
    assert_eq!(hover, Value::Null, "no hover once fixed");
    client.shutdown().await;
}

const EMOJI_DOCKERFILE: &str = "FROM debian:12.7@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nLABEL note=\"🐳🐳\"\nRUN echo \"🐳\" && apt-get install -y curl\n";

async fn dl3008_start(encodings: &[&str]) -> (String, Value) {
    let (mut client, init) = Client::start(json!({"debounceMs": 0}), encodings).await;
    let diagnostics = client
        .open(
            "file:///work/emoji/Dockerfile",
            "dockerfile",
            1,
            EMOJI_DOCKERFILE,
        )
        .await;
    let start = find(&diagnostics, "DL3008")["range"]["start"].clone();
    client.shutdown().await;
    (
        init["capabilities"]["positionEncoding"]
            .as_str()
            .unwrap()
            .to_string(),
        start,
    )
}

#[tokio::test]
async fn positions_after_emoji_use_the_negotiated_encoding() {
    let line = EMOJI_DOCKERFILE.lines().nth(2).unwrap();
    // DL3008 points at the unpinned package.
    let at = line.find("curl").unwrap();
    let utf16_col = line[..at].encode_utf16().count();
    assert_ne!(utf16_col, at, "the prefix holds an emoji");

    let (encoding, start) = dl3008_start(&[]).await;
    assert_eq!(encoding, "utf-16");
    assert_eq!(start, json!({"line": 2, "character": utf16_col}));

    let (encoding, start) = dl3008_start(&["utf-8", "utf-16"]).await;
    assert_eq!(encoding, "utf-8");
    assert_eq!(start, json!({"line": 2, "character": at}));

    // Incremental edits after the emoji are applied at the right place (UTF-16 columns).
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), &[]).await;
    let uri = "file:///work/emoji2/Dockerfile";
    client.open(uri, "dockerfile", 1, EMOJI_DOCKERFILE).await;
    let pin = utf16_col + "curl".len();
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
                {"range": {"start": {"line": 2, "character": pin}, "end": {"line": 2, "character": pin}}, "text": "=7.88.1-10"}]}),
        )
        .await;
    let diagnostics = client.diagnostics(uri, 2).await;
    assert!(
        !codes(&diagnostics).contains(&"DL3008".to_string()),
        "{diagnostics:#?}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn garbage_documents_do_not_crash_the_server() {
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), &[]).await;
    let garbage = "\u{0}\u{1}FROM\t\t\\\n\\\n\u{feff}RUN <<EOF\n\"[{]}\u{10ffff}🐳\r\r\nARG ${{{{\nCOPY --from= \n";
    client
        .open("file:///work/g/Dockerfile", "dockerfile", 1, garbage)
        .await;
    client
        .open(
            "file:///work/g/k.yaml",
            "yaml",
            1,
            "apiVersion: v1\nkind: [\n  - {{{\n&a *a *b !!binary\n\t: :\n",
        )
        .await;
    client
        .open(
            "file:///work/g/package-lock.json",
            "json",
            1,
            "{\"packages\": {\"node_modules/x\": 3",
        )
        .await;
    for (line, character) in [(0, 0), (2, 3), (9, 99), (400, 2)] {
        client.request("textDocument/hover", json!({"textDocument": {"uri": "file:///work/g/Dockerfile"}, "position": {"line": line, "character": character}})).await;
        client
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": "file:///work/g/k.yaml"}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line + 5, "character": character}}, "context": {"diagnostics": []}}),
            )
            .await;
    }
    // Changes with ranges past the end are clamped, not a crash.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": "file:///work/g/Dockerfile", "version": 2}, "contentChanges": [
                {"range": {"start": {"line": 90, "character": 4}, "end": {"line": 2, "character": 1}}, "text": "🐳"}]}),
        )
        .await;
    client.diagnostics("file:///work/g/Dockerfile", 2).await;
    // Still serving.
    let diagnostics = client
        .open(
            "file:///work/g2/Dockerfile",
            "dockerfile",
            1,
            "FROM nginx:latest\n",
        )
        .await;
    assert!(codes(&diagnostics).contains(&"DL3007".to_string()));
    client.shutdown().await;
}

#[tokio::test]
async fn rapid_edits_are_debounced_and_never_published_out_of_order() {
    let (mut client, _) = Client::start(json!({"debounceMs": 300}), &[]).await;
    let uri = "file:///work/debounce/Dockerfile";
    client
        .open(uri, "dockerfile", 1, "FROM nginx:latest\n")
        .await;
    for version in 2..=6 {
        client
            .change_full(
                uri,
                version,
                &format!("FROM nginx:1.{version}\nFROM nginx:latest\n"),
            )
            .await;
    }
    client.change_full(uri, 7, "FROM nginx:1.27\n").await;
    let latest = client.diagnostics(uri, 7).await;
    assert!(!codes(&latest).contains(&"DL3007".to_string()));
    let earlier: Vec<Value> = client
        .drain()
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .collect();
    assert!(
        earlier.is_empty(),
        "intermediate versions were published: {earlier:#?}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn lookout_toml_and_client_settings_apply_without_restart() {
    let dir = temp_dir("settings");
    let dockerfile = dir.join("svc/Dockerfile");
    std::fs::create_dir_all(dockerfile.parent().unwrap()).unwrap();
    let uri = file_uri(&dockerfile);
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), &[]).await;
    let text = "FROM nginx:latest\nADD a.txt /a/\n";
    let diagnostics = client.open(&uri, "dockerfile", 1, text).await;
    assert!(codes(&diagnostics).contains(&"DL3007".to_string()));
    // The server registered a watcher for lookout.toml.
    let registration = client
        .wait_for(|m| m["method"] == "client/registerCapability")
        .await;
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );

    std::fs::write(
        dir.join("lookout.toml"),
        "disable = [\"DS001\"]\n[rules]\nDL3020 = \"error\"\n",
    )
    .unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&dir.join("lookout.toml")), "type": 1}]}),
        )
        .await;
    let diagnostics = client.diagnostics(&uri, 1).await;
    assert!(
        !codes(&diagnostics).contains(&"DL3007".to_string()),
        "disabled through its alias: {diagnostics:#?}"
    );
    assert_eq!(find(&diagnostics, "DL3020")["severity"], 1);

    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"lookout": {"rules": {"DL3020": "off"}, "debounceMs": 0}}}),
        )
        .await;
    let diagnostics = client.diagnostics(&uri, 1).await;
    assert!(
        !codes(&diagnostics)
            .iter()
            .any(|c| c == "DL3020" || c == "DL3007"),
        "{diagnostics:#?}"
    );

    std::fs::remove_file(dir.join("lookout.toml")).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&dir.join("lookout.toml")), "type": 3}]}),
        )
        .await;
    let diagnostics = client.diagnostics(&uri, 1).await;
    assert!(
        codes(&diagnostics).contains(&"DL3007".to_string()),
        "lookout.toml removed: {diagnostics:#?}"
    );
    assert!(
        !codes(&diagnostics).contains(&"DL3020".to_string()),
        "the client setting still applies"
    );

    let docs = client
        .request("lookout/ruleDocs", json!({"code": "ds001"}))
        .await;
    assert_eq!(docs["code"], "DL3007");
    assert!(docs["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
    client.shutdown().await;
}

/// LSP: "The server should exit with success code 0 if the shutdown request has been
/// received before; otherwise with error code 1." `exit` alone is an abrupt end.
#[tokio::test]
async fn exit_without_shutdown_is_an_abrupt_end() {
    let (client, _) = Client::start(json!({"debounceMs": 0}), &[]).await;
    assert_eq!(
        client.exit_without_shutdown().await,
        lookout_lsp::SessionEnd::Abrupt
    );
    assert_eq!(lookout_lsp::SessionEnd::Abrupt.exit_code(), 1);
    assert_eq!(lookout_lsp::SessionEnd::ShutDown.exit_code(), 0);
}

/// A malformed message is answered with its JSON-RPC error and the server carries on
/// (tower's reader used to end the session after the first frame it could not decode).
#[tokio::test]
async fn malformed_messages_are_answered_and_the_server_keeps_serving() {
    let (mut client, _) = Client::start(json!({"debounceMs": 0}), &[]).await;
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let bad = [
        (frame(r#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{"#), -32700),
        (frame("[1,2]"), -32600),
        (frame(r#""x""#), -32600),
        (frame(r#"{"jsonrpc":"2.0","id":6,"method":7}"#), -32600),
        (frame(r#"{"jsonrpc":"2.0","id":5}"#), -32600),
        ("Content-Type: text/plain\r\n\r\n".to_string(), -32700),
        (
            "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}".to_string(),
            -32600,
        ),
    ];
    for (bytes, code) in bad {
        client.send_raw(bytes.as_bytes()).await;
        let answer = client
            .wait_for(|m| m.get("error").is_some() && m.get("method").is_none())
            .await;
        assert_eq!(answer["error"]["code"], code, "{bytes}");
        // The id when the message had a readable one, else null (JSON-RPC 2.0, section 5).
        let id = serde_json::from_str::<Value>(bytes.split("\r\n\r\n").nth(1).unwrap_or(""))
            .ok()
            .and_then(|v| v.get("id").cloned())
            .unwrap_or(Value::Null);
        assert_eq!(answer["id"], id, "{bytes}");
    }
    // Still serving: a document opened now is linted.
    let diagnostics = client
        .open(
            "file:///w/Dockerfile",
            "dockerfile",
            1,
            "FROM nginx:latest\n",
        )
        .await;
    assert!(codes(&diagnostics).contains(&"DL3007".to_string()));
    client.shutdown().await;
}
