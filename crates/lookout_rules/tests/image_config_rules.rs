//! Image-config rules on crafted configs: each misconfiguration fires, its fix does not.
#![allow(clippy::unwrap_used)]

use lookout_rules::image_config::{
    self, cache_kind, check, config_secrets, CacheKind, FindingSource, HistoryEntry,
    ImageConfigFinding, ImageConfigInput, LayerCacheUsage, RULE_METAS,
};
use lookout_rules::Family;

fn findings_of<'a>(found: &'a [ImageConfigFinding], code: &str) -> Vec<&'a ImageConfigFinding> {
    found.iter().filter(|f| f.rule.code == code).collect()
}

fn history(lines: &[&str]) -> Vec<HistoryEntry> {
    lines
        .iter()
        .map(|l| HistoryEntry {
            created_by: (*l).to_string(),
            empty_layer: false,
        })
        .collect()
}

/// A config that breaks no rule: the baseline every crafted case changes one thing in.
fn clean() -> ImageConfigInput {
    ImageConfigInput {
        user: Some("10001".into()),
        exposed_ports: vec!["8080/tcp".into()],
        healthcheck: Some(vec!["CMD".into(), "/app".into(), "--check".into()]),
        env: vec!["PATH=/usr/bin:/bin".into(), "LANG=C.UTF-8".into()],
        history: history(&[
            "ADD file:0a1b2c in / ",
            "RUN /bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* # buildkit",
            "USER 10001",
        ]),
        ..ImageConfigInput::default()
    }
}

#[test]
fn clean_config_has_no_findings() {
    assert!(check(&clean()).is_empty(), "{:?}", check(&clean()));
}

#[test]
fn every_docs_example_fires_once_and_use_instead_never() {
    assert_eq!(RULE_METAS.len(), 12);
    for meta in RULE_METAS {
        assert_eq!(meta.family, Family::ImageConfig);
        for example in meta.examples() {
            let input = ImageConfigInput::from_config_json(example.as_bytes()).unwrap();
            let found = check(&input);
            assert_eq!(
                findings_of(&found, meta.code).len(),
                1,
                "{}: {found:?}",
                meta.code
            );
        }
        for text in meta.use_instead() {
            let input = ImageConfigInput::from_config_json(text.as_bytes()).unwrap();
            let found = check(&input);
            assert!(
                findings_of(&found, meta.code).is_empty(),
                "{}: {found:?}",
                meta.code
            );
        }
    }
}

#[test]
fn root_user_forms_fire() {
    for user in [
        None,
        Some(""),
        Some("root"),
        Some("0"),
        Some("0:0"),
        Some("root:staff"),
    ] {
        let input = ImageConfigInput {
            user: user.map(String::from),
            ..clean()
        };
        let found = check(&input);
        let root = findings_of(&found, "LKI001");
        assert_eq!(root.len(), 1, "{user:?}");
        assert_eq!(root[0].path, "config.User");
        assert_eq!(root[0].source, FindingSource::ImageConfig);
    }
    for user in ["app", "10001:10001", "rootless", "1000:0"] {
        let input = ImageConfigInput {
            user: Some(user.into()),
            ..clean()
        };
        assert!(findings_of(&check(&input), "LKI001").is_empty(), "{user}");
    }
}

#[test]
fn ssh_port_fires_only_for_tcp_22() {
    let with = |ports: &[&str]| ImageConfigInput {
        exposed_ports: ports.iter().map(|p| (*p).to_string()).collect(),
        ..clean()
    };
    assert_eq!(findings_of(&check(&with(&["22/tcp"])), "LKI002").len(), 1);
    assert_eq!(findings_of(&check(&with(&["22"])), "LKI002").len(), 1);
    assert!(findings_of(&check(&with(&["2222/tcp", "22/udp"])), "LKI002").is_empty());
}

#[test]
fn healthcheck_missing_or_none_fires() {
    for hc in [None, Some(vec!["NONE".to_string()]), Some(vec![])] {
        let input = ImageConfigInput {
            healthcheck: hc.clone(),
            ..clean()
        };
        assert_eq!(findings_of(&check(&input), "LKI003").len(), 1, "{hc:?}");
    }
}

#[test]
fn env_secrets_fire_by_format_and_by_name() {
    let token = ["ghp_", "3GlgJJWs96vfO33lp6AmNJBPfjVikBh7ygTA"].concat();
    let input = ImageConfigInput {
        env: vec![
            "PATH=/usr/bin".into(),
            format!("GITHUB_TOKEN={token}"),
            "POSTGRES_PASSWORD=app-Pass".into(),
            "POSTGRES_PASSWORD_FILE=/run/secrets/pg".into(),
            "API_TOKEN=${API_TOKEN}".into(),
            "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D".into(),
        ],
        ..clean()
    };
    let found = check(&input);
    let env = findings_of(&found, "LKI004");
    assert_eq!(env.len(), 2, "{env:?}");
    assert!(env[0].message.contains("GITHUB_TOKEN"));
    assert!(env[0].message.contains("ghp_****"));
    assert!(!env[0].message.contains(&token));
    assert!(env[1].message.contains("POSTGRES_PASSWORD"));
    assert!(env.iter().all(|f| f.path == "config.Env"));

    let secrets = config_secrets(&input);
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    assert_eq!(secrets[0].rule.code, "github-pat");
    assert_eq!(secrets[0].path, "config.Env");
    assert_eq!(secrets[0].key.as_deref(), Some("GITHUB_TOKEN"));
    assert_eq!(secrets[0].redacted, format!("ghp_{}", "*".repeat(36)));
}

#[test]
fn build_args_and_tokens_in_history_fire() {
    let key = ["AKIA", "Z3MF7XQ2LKP4RB6N"].concat();
    let input = ImageConfigInput {
        history: history(&[
            "|1 NPM_TOKEN=f00dfeed-1234 /bin/sh -c npm ci",
            &format!("RUN |1 AWS_KEY={key} /bin/sh -c aws s3 cp s3://b/x . # buildkit"),
            "RUN |1 VERSION=1.2.3 /bin/sh -c make # buildkit",
            "RUN |1 NPM_TOKEN= /bin/sh -c npm ci # buildkit",
        ]),
        ..clean()
    };
    let found = check(&input);
    let leaked = findings_of(&found, "LKI005");
    assert_eq!(leaked.len(), 2, "{leaked:?}");
    assert_eq!(leaked[0].path, "history[0].created_by");
    assert_eq!(leaked[0].source, FindingSource::History);
    assert!(leaked[0].message.contains("NPM_TOKEN"));
    assert!(!leaked[0].message.contains("f00dfeed-1234"));
    assert_eq!(leaked[1].path, "history[1].created_by");
    assert!(leaked[1].message.contains("AWS access key ID"));

    let secrets = config_secrets(&input);
    assert_eq!(secrets.len(), 1);
    assert_eq!(secrets[0].rule.code, "aws-access-key-id");
    assert_eq!(secrets[0].source, FindingSource::History);
}

#[test]
fn history_commands_fire_remote_add_sudo_and_pipe_to_shell() {
    let input = ImageConfigInput {
        history: history(&[
            "/bin/sh -c #(nop) ADD https://example.com/a.tgz in /opt",
            "ADD --chmod=755 https://example.com/tool /usr/local/bin/tool # buildkit",
            "ADD file:abc in / ",
            "RUN /bin/sh -c sudo -E make install # buildkit",
            "RUN /bin/sh -c echo pseudo-sudo > /tmp/x # buildkit",
            "RUN /bin/sh -c curl -fsSL https://get.example.com | sudo -E bash - # buildkit",
            "RUN /bin/sh -c wget -qO- https://x.example/i.sh | sh # buildkit",
            "RUN /bin/bash -o pipefail -c sh -c \"$(curl -fsSL https://x.example/i.sh)\" # buildkit",
            "RUN /bin/sh -c curl -fsSLo /tmp/x.tgz https://x.example/x.tgz | tee log # buildkit",
        ]),
        ..clean()
    };
    let found = check(&input);
    let paths = |code: &str| -> Vec<String> {
        findings_of(&found, code)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    };
    assert_eq!(
        paths("LKI006"),
        ["history[0].created_by", "history[1].created_by"]
    );
    assert_eq!(
        paths("LKI007"),
        ["history[3].created_by", "history[5].created_by"]
    );
    assert_eq!(
        paths("LKI008"),
        [
            "history[5].created_by",
            "history[6].created_by",
            "history[7].created_by"
        ]
    );
}

#[test]
fn package_caches_over_threshold_fire_per_layer() {
    let mut usage = LayerCacheUsage {
        layer: 1,
        ..LayerCacheUsage::default()
    };
    for (path, size) in [
        (
            "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4",
            9_000_000,
        ),
        ("var/lib/apt/lists/lock", 0),
        ("var/cache/apk/APKINDEX.abcd.tar.gz", 900_000),
        ("root/.cache/pip/http-v2/1/2/3", 3_000_000),
        ("usr/bin/python3", 6_000_000),
    ] {
        if let Some(kind) = cache_kind(path) {
            usage.add(kind, size);
        }
    }
    assert_eq!(
        (usage.apt_lists, usage.apk_cache, usage.pip_cache),
        (9_000_000, 900_000, 3_000_000)
    );
    let input = ImageConfigInput {
        history: history(&["ADD file:x in /", "RUN /bin/sh -c apt-get update"]),
        layer_cache_bytes: vec![usage],
        ..clean()
    };
    let found = check(&input);
    let apt = findings_of(&found, "LKI009");
    assert_eq!(apt.len(), 1);
    assert_eq!(apt[0].path, "history[1].created_by");
    assert!(apt[0].message.contains("9.0 MB"));
    assert!(
        findings_of(&found, "LKI010").is_empty(),
        "under the threshold"
    );
    assert_eq!(findings_of(&found, "LKI011").len(), 1);
    assert_eq!(
        cache_kind("/var/cache/apt/archives/x.deb"),
        Some(CacheKind::AptArchives)
    );
}

#[test]
fn label_secrets_fire() {
    let url = ["postgres://ci:", "Hx8vQ2pL", "@db:5432/ci"].concat();
    let mut input = clean();
    input.labels.insert("ci.database".into(), url);
    input
        .labels
        .insert("org.opencontainers.image.title".into(), "shop".into());
    let found = check(&input);
    let labels = findings_of(&found, "LKI012");
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0].path, "config.Labels");
}

#[test]
fn config_json_is_read() {
    let json = br#"{"config": {"User": "app", "ExposedPorts": {"22/tcp": {}},
        "Env": ["A=b"], "Labels": {"k": "v"}, "Healthcheck": {"Test": ["NONE"]}},
        "history": [{"created_by": "RUN x", "empty_layer": true}]}"#;
    let input = ImageConfigInput::from_config_json(json).unwrap();
    assert_eq!(input.user.as_deref(), Some("app"));
    assert_eq!(input.exposed_ports, ["22/tcp"]);
    assert_eq!(input.healthcheck, Some(vec!["NONE".to_string()]));
    assert!(input.history[0].empty_layer);
    assert!(ImageConfigInput::from_config_json(b"not json").is_err());
}

#[test]
fn history_rebuilds_for_dockerfile_rules() {
    let rebuilt = image_config::history_as_dockerfile(&history(&[
        "/bin/sh -c #(nop)  USER root",
        "|1 A=b /bin/sh -c apt-get install curl",
    ]));
    assert_eq!(
        rebuilt.text,
        "FROM scratch\nUSER root\nRUN apt-get install curl\n"
    );
}
