//! `.lookoutignore` / `.trivyignore` parsing and matching.
#![allow(clippy::unwrap_used)]

use lookout_core::ignorefile::{parse_ignorefile, PolicyError};

const TODAY: &str = "2026-11-27";

fn aliases(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn ids_comments_and_blank_lines() {
    let file = parse_ignorefile(
        "# accepted risks\n\nCVE-2023-1234\n  GHSA-abcd-efgh-ijkl  # no exploit path\naws-access-key-id\nDL3007\n",
        TODAY,
    )
    .unwrap();
    let ids: Vec<&str> = file.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "CVE-2023-1234",
            "GHSA-abcd-efgh-ijkl",
            "aws-access-key-id",
            "DL3007"
        ]
    );
    assert_eq!(file.entries()[1].line, 4);
    assert_eq!(
        file.entries()[1].comment.as_deref(),
        Some("no exploit path")
    );
    assert!(file.warnings().is_empty());
    assert!(file.matches("CVE-2023-1234", &[], None).is_some());
    assert!(
        file.matches("cve-2023-1234", &[], None).is_some(),
        "ids ignore case"
    );
    assert!(file.matches("aws-access-key-id", &[], None).is_some());
    assert!(file.matches("DL3007", &[], None).is_some());
    assert!(file.matches("CVE-2023-9999", &[], None).is_none());
    assert!(file.matches("DL3008", &[], None).is_none());
}

#[test]
fn an_alias_listed_suppresses_the_advisory() {
    let file = parse_ignorefile("CVE-2021-23337\n", TODAY).unwrap();
    let hit = file.matches(
        "GHSA-35jh-r3h4-6jhm",
        &aliases(&["CVE-2021-23337"]),
        Some("pkg:npm/lodash@4.17.20"),
    );
    assert_eq!(hit.unwrap().id, "CVE-2021-23337");
    assert!(file
        .matches("GHSA-29mw-wpgm-hmr9", &aliases(&["CVE-2020-28500"]), None)
        .is_none());
    // And the other way round: an advisory id listed suppresses the CVE it aliases.
    let file = parse_ignorefile("GHSA-35jh-r3h4-6jhm\n", TODAY).unwrap();
    assert!(file
        .matches("CVE-2021-23337", &aliases(&["GHSA-35jh-r3h4-6jhm"]), None)
        .is_some());
}

#[test]
fn expired_entries_stop_applying_and_warn() {
    let text = "CVE-2023-0001 exp:2026-11-26\nCVE-2023-0002 exp:2026-11-27\nCVE-2023-0003 exp:2026-11-28\nCVE-2023-0004 exp:2099-01-01\n";
    let file = parse_ignorefile(text, TODAY).unwrap();
    assert!(file.matches("CVE-2023-0001", &[], None).is_none());
    // Like Trivy, the entry no longer applies on its expiry day.
    assert!(file.matches("CVE-2023-0002", &[], None).is_none());
    assert!(file.matches("CVE-2023-0003", &[], None).is_some());
    let entry = file.matches("CVE-2023-0004", &[], None).unwrap();
    assert_eq!(entry.expires.as_deref(), Some("2099-01-01"));
    assert_eq!(file.expired().len(), 2);
    assert_eq!(file.warnings().len(), 2);
    assert!(
        file.warnings()[0].contains("line 1"),
        "{:?}",
        file.warnings()
    );
    assert!(file.warnings()[0].contains("CVE-2023-0001"));
    assert!(file.warnings()[0].contains("expired"));
    // The same file a year earlier suppresses all four.
    let earlier = parse_ignorefile(text, "2025-11-27").unwrap();
    assert_eq!(earlier.entries().len(), 4);
    assert!(earlier.warnings().is_empty());
}

#[test]
fn trivyignore_lines_are_read_the_same() {
    // Shapes from Trivy's documentation and test data.
    let text = "# Accept the risk\nCVE-2018-14618\n\n# Accept the risk until 2023-01-01\nCVE-2019-14697 exp:2023-01-01\n\n# No impact in our settings\nCVE-2019-1543\n\n# Ignore misconfigurations\nAVD-DS-0002\n\n# Ignore secrets\ngeneric-unwanted-rule\naws-account-id\n";
    let file = parse_ignorefile(text, TODAY).unwrap();
    let ids: Vec<&str> = file.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "CVE-2018-14618",
            "CVE-2019-1543",
            "AVD-DS-0002",
            "generic-unwanted-rule",
            "aws-account-id"
        ]
    );
    assert_eq!(file.expired()[0].id, "CVE-2019-14697");
    assert_eq!(file.expired()[0].line, 5);
    assert!(file.matches("CVE-2019-14697", &[], None).is_none());
}

#[test]
fn purl_scope_limits_an_entry_to_one_package() {
    let file = parse_ignorefile(
        "CVE-2023-1234 pkg:npm/lodash\nCVE-2024-0001 pkg:npm/%40babel/core@7.0.0 exp:2099-12-31\n",
        TODAY,
    )
    .unwrap();
    let scoped = file.entries()[0].purl.as_deref();
    assert_eq!(scoped, Some("pkg:npm/lodash"));
    assert!(file
        .matches("CVE-2023-1234", &[], Some("pkg:npm/lodash@4.17.20"))
        .is_some());
    assert!(file
        .matches("CVE-2023-1234", &[], Some("pkg:npm/underscore@1.0.0"))
        .is_none());
    assert!(
        file.matches("CVE-2023-1234", &[], None).is_none(),
        "scoped entries need a package"
    );
    assert!(file
        .matches("CVE-2024-0001", &[], Some("pkg:npm/%40babel/core@7.0.0"))
        .is_some());
    assert!(
        file.matches("CVE-2024-0001", &[], Some("pkg:npm/%40babel/core@7.0.1"))
            .is_none(),
        "a versioned scope pins the version"
    );
}

#[test]
fn bad_dates_are_errors_with_the_line() {
    let err = parse_ignorefile("CVE-1\n# fine\nCVE-2 exp:2023-02-30\n", TODAY).unwrap_err();
    assert_eq!(
        err,
        PolicyError::InvalidExpiry {
            line: 3,
            value: "2023-02-30".to_string()
        }
    );
    assert_eq!(
        err.to_string(),
        "line 3: invalid expiry date `2023-02-30` (expected exp:YYYY-MM-DD)"
    );
    for bad in [
        "exp:2023/01/01",
        "exp:01-01-2023",
        "exp:",
        "exp:2023-1-1",
        "exp:2023-13-01",
    ] {
        let err = parse_ignorefile(&format!("CVE-1 {bad}\n"), TODAY).unwrap_err();
        assert!(
            matches!(err, PolicyError::InvalidExpiry { line: 1, .. }),
            "{bad}: {err}"
        );
    }
    assert!(matches!(
        parse_ignorefile("CVE-1\n", "27/11/2026").unwrap_err(),
        PolicyError::InvalidToday(_)
    ));
    assert!(matches!(
        parse_ignorefile("CVE-1 pkg:\n", TODAY).unwrap_err(),
        PolicyError::InvalidPurl { line: 1, .. }
    ));
}

#[test]
fn unknown_tokens_warn_but_do_not_fail() {
    let file = parse_ignorefile("CVE-2023-1 because-reasons\n", TODAY).unwrap();
    assert!(file.matches("CVE-2023-1", &[], None).is_some());
    assert_eq!(file.warnings().len(), 1);
    assert!(file.warnings()[0].contains("because-reasons"));
}
