//! The shared allow-rules and limits of the secret scanner, with token strings built in code
//! so this file holds no secret-shaped literal.
#![allow(clippy::unwrap_used)]

use lookout_rules::secrets::{self, allow, scan, scan_text_for_lint, scan_value, wants};

fn github_pat() -> String {
    ["ghp_", "3GlgJJWs96vfO33lp6AmNJBPfjVikBh7ygTA"].concat()
}

fn aws_key_id() -> String {
    ["AKIA", "Z3MF7XQ2LKP4RB6N"].concat()
}

fn codes(found: &[secrets::SecretMatch]) -> Vec<&'static str> {
    found.iter().map(|m| m.rule.code).collect()
}

#[test]
fn a_token_in_application_config_fires() {
    let text = format!("github_token: {}\n", github_pat());
    assert_eq!(
        codes(&scan("app/config/github.yml", text.as_bytes())),
        ["github-pat"]
    );
}

#[test]
fn documented_example_keys_never_fire() {
    let text = [
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_ACCESS_KEY_ID=AKIAI44QH8DHBEXAMPLE",
        "AWS_SECRET_ACCESS_KEY=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    ]
    .join("\n");
    assert!(scan("app/.env", text.as_bytes()).is_empty());
}

#[test]
fn placeholders_never_fire() {
    let text = [
        "GITHUB_TOKEN=${GITHUB_TOKEN}",
        "api_key: <your-key>",
        "password = changeme",
        "DB_PASSWORD=xxxxxxxxxxxx",
        "secret: {{ .Values.secret }}",
        "DATABASE_URL=postgres://user:password@localhost/db",
        "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app",
    ]
    .join("\n");
    let found = scan("app/.env", text.as_bytes());
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn test_example_and_vendor_paths_are_skipped() {
    let text = format!("token = \"{}\"\n", github_pat());
    for path in [
        "app/node_modules/lib/test/fixtures.js",
        "usr/local/lib/python3.11/site-packages/pkg/tests/test_auth.py",
        "src/vendor/github.com/x/client.go",
        "repo/testdata/creds.txt",
        "repo/examples/config.yml",
        "pkg/auth_test.go",
        "usr/share/doc/pkg/README",
        "app/node_modules/jsonwebtoken/README.md",
    ] {
        assert!(scan(path, text.as_bytes()).is_empty(), "{path}");
        assert!(!wants(path, 100), "{path}");
    }
    assert!(wants("app/config/github.yml", 100));
}

#[test]
fn lock_files_are_skipped() {
    let text = format!("\"resolved\": \"https://x/{}\"\n", github_pat());
    for path in [
        "app/package-lock.json",
        "yarn.lock",
        "rust/Cargo.lock",
        "go.sum",
    ] {
        assert!(scan(path, text.as_bytes()).is_empty(), "{path}");
    }
}

#[test]
fn binary_files_are_skipped_by_an_early_nul() {
    let mut early = b"\x7fELF\0\0".to_vec();
    early.extend_from_slice(github_pat().as_bytes());
    assert!(scan("usr/local/bin/app", &early).is_empty());

    let mut late = vec![b'a'; allow::BINARY_SNIFF_BYTES + 10];
    late.push(b'\n');
    late.push(0);
    late.extend_from_slice(format!("\ntoken={}\n", github_pat()).as_bytes());
    assert_eq!(codes(&scan("usr/local/bin/app", &late)), ["github-pat"]);
}

#[test]
fn minified_files_and_source_maps_are_skipped() {
    let line = format!("var t=\"{}\";", github_pat());
    assert!(scan("web/app.min.js", line.as_bytes()).is_empty());
    assert!(scan("web/app.js.map", line.as_bytes()).is_empty());
    let minified = format!("{}{line}\n", "a=1;".repeat(400));
    assert!(scan("web/app.js", minified.as_bytes()).is_empty());
    assert_eq!(
        codes(&scan("web/app.js", format!("{line}\n").as_bytes())),
        ["github-pat"]
    );
}

#[test]
fn files_over_the_size_limit_are_skipped() {
    let mut data = format!("token={}\n", github_pat()).into_bytes();
    data.resize(allow::MAX_FILE_BYTES + 1, b'\n');
    assert!(scan("app/big.txt", &data).is_empty());
    assert!(!wants("app/big.txt", data.len() as u64));
    data.truncate(allow::MAX_FILE_BYTES);
    assert_eq!(codes(&scan("app/big.txt", &data)), ["github-pat"]);
}

#[test]
fn matches_on_overlong_lines_are_dropped() {
    let long = format!(
        "{}token={}\n",
        "x ".repeat(allow::MAX_LINE_BYTES),
        github_pat()
    );
    assert!(scan("app/data.txt", long.as_bytes()).is_empty());
    let short = format!("{}token={}\n", "x ".repeat(100), github_pat());
    assert_eq!(
        codes(&scan("app/data.txt", short.as_bytes())),
        ["github-pat"]
    );
}

#[test]
fn matches_are_located_and_redacted() {
    let text = format!("# ключи\nname: été\n  key: {}\n", aws_key_id());
    let found = scan("app/config.yml", text.as_bytes());
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert_eq!(m.rule.code, "aws-access-key-id");
    assert_eq!((m.line, m.column), (3, 8));
    assert_eq!(&text[m.range.start()..m.range.end()], aws_key_id());
    assert_eq!(m.redacted, "AKIA****************");
    assert_eq!(m.scan_severity.as_str(), "CRITICAL");
    let json = serde_json_like(&found[0]);
    assert!(!json.contains(&aws_key_id()));
}

/// Debug output stands in for any serialisation: the secret must not be in it.
fn serde_json_like(m: &secrets::SecretMatch) -> String {
    format!("{m:?}")
}

#[test]
fn the_manifest_secrets_of_the_sample_image_are_found() {
    let env = [
        "# throwaway credentials".to_string(),
        format!("AWS_ACCESS_KEY_ID={}", aws_key_id()),
        [
            "AWS_SECRET_ACCESS_KEY=",
            "q8Xv2Lr/7TnW0pZbKd3Hs9YjFe6MuCa1NgRt5OyB",
        ]
        .concat(),
        ["DATABASE_URL=postgres://app:", "app@db:5432/app"].concat(),
    ]
    .join("\n");
    let found = scan("app/config/.env", env.as_bytes());
    assert_eq!(
        codes(&found),
        [
            "aws-access-key-id",
            "aws-secret-access-key",
            "database-url-with-password"
        ]
    );
    assert_eq!(found[2].redacted, "a**");
}

#[test]
fn dockerfile_and_manifest_lint_reports_secrets() {
    let dockerfile = format!(
        "FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID={}\nRUN echo hi\n",
        aws_key_id()
    );
    let diags = scan_text_for_lint(&dockerfile);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "aws-access-key-id");
    assert_eq!(
        &dockerfile[diags[0].range.start()..diags[0].range.end()],
        aws_key_id()
    );
    assert!(!diags[0].message.contains(&aws_key_id()));

    let manifest = [
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: db",
        "stringData:",
        "  password: Hx8vQ2pL-93kd",
    ]
    .join("\n");
    let diags = scan_text_for_lint(&manifest);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "generic-secret-assignment");
}

#[test]
fn generic_assignments_skip_code_and_identifiers() {
    let code = [
        "password = request.POST.get",
        "my $pwd = CPAN::anycwd();",
        "PASSWORD_HASHERS = [",
        "self.api_key = api_key",
        "password: ''",
        "secret_key_file=/run/secrets/key",
        "access_token = None",
    ]
    .join("\n");
    let found = scan_value(code.as_bytes());
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn private_keys_need_a_body() {
    let header_only = "if line == \"-----BEGIN RSA PRIVATE KEY-----\":\n    pass\n";
    assert!(scan_value(header_only.as_bytes()).is_empty());
    let body: String = (0..12)
        .map(|i| {
            format!("MIIEowIBAAKCAQEA{i:02}x9Zq4Lr8Tn2Wp5Kd7Hs3YjFe6MuCa1NgRt5OyBq8Xv2Lr7Tn\n")
        })
        .collect();
    let key = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\n");
    let found = scan("root/.ssh/id_rsa", key.as_bytes());
    assert_eq!(codes(&found), ["rsa-private-key"]);
    assert_eq!(found[0].line, 2);
    assert!(found[0].redacted.starts_with("MIIE****"));
}
