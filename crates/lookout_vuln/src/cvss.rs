//! CVSS base scores: v3.0/v3.1 computed here from the specification's formulas;
//! v4.0 through the `cvss` crate (RustSec), whose macro-vector lookup table and
//! interpolation follow FIRST's reference calculator — re-typing that 270-entry table
//! by hand would only add a place for mistakes.

use serde::{Deserialize, Serialize};

/// Qualitative rating of a finding (`CRITICAL|HIGH|MEDIUM|LOW|UNKNOWN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Rating {
    Unknown,
    Low,
    Medium,
    High,
    Critical,
}

impl Rating {
    /// CVSS qualitative scale (0.0 "None" maps to LOW: the advisory still exists).
    pub fn from_score(score: f64) -> Rating {
        if score >= 9.0 {
            Rating::Critical
        } else if score >= 7.0 {
            Rating::High
        } else if score >= 4.0 {
            Rating::Medium
        } else {
            Rating::Low
        }
    }

    /// Reads the words feeds use: GHSA (`MODERATE`), Ubuntu priority (`negligible`),
    /// Debian urgency (`unimportant`, `low**`), plain CVSS ratings.
    pub fn from_word(word: &str) -> Option<Rating> {
        let word = word.trim().trim_end_matches('*').to_ascii_lowercase();
        Some(match word.as_str() {
            "critical" | "urgent" => Rating::Critical,
            "high" | "important" => Rating::High,
            "medium" | "moderate" => Rating::Medium,
            "low" | "negligible" | "unimportant" | "none" => Rating::Low,
            _ => return None,
        })
    }

    /// The upper-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Unknown => "UNKNOWN",
            Rating::Low => "LOW",
            Rating::Medium => "MEDIUM",
            Rating::High => "HIGH",
            Rating::Critical => "CRITICAL",
        }
    }
}

/// A scored CVSS vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cvss {
    /// `3.0`, `3.1` or `4.0`.
    pub version: String,
    pub vector: String,
    pub score: f64,
}

impl Cvss {
    pub fn rating(&self) -> Rating {
        Rating::from_score(self.score)
    }
}

/// Scores a CVSS v3.x or v4.0 vector string; `None` when it is not one or is malformed.
pub fn score_vector(vector: &str) -> Option<Cvss> {
    let vector = vector.trim();
    let (version, score) = if let Some(rest) = vector.strip_prefix("CVSS:3.1/") {
        ("3.1", score_v3(rest, true)?)
    } else if let Some(rest) = vector.strip_prefix("CVSS:3.0/") {
        ("3.0", score_v3(rest, false)?)
    } else if vector.starts_with("CVSS:4.0/") {
        ("4.0", score_v4(vector)?)
    } else {
        return None;
    };
    Some(Cvss {
        version: version.to_owned(),
        vector: vector.to_owned(),
        score,
    })
}

fn score_v4(vector: &str) -> Option<f64> {
    let parsed: cvss::v4::Vector = vector.parse().ok()?;
    Some(parsed.score().value())
}

/// CVSS v3.1 `Roundup`: the smallest number with one decimal ≥ the input, computed
/// on integers to avoid floating-point artefacts (spec Appendix A). v3.0 used a plain
/// ceiling.
fn round_up(value: f64, v31: bool) -> f64 {
    if !v31 {
        return (value * 10.0).ceil() / 10.0;
    }
    let int_input = (value * 100_000.0).round() as i64;
    if int_input % 10_000 == 0 {
        int_input as f64 / 100_000.0
    } else {
        ((int_input / 10_000) + 1) as f64 / 10.0
    }
}

/// The base metrics of a v3 vector.
struct V3Base {
    av: f64,
    ac: f64,
    pr: f64,
    ui: f64,
    scope_changed: bool,
    c: f64,
    i: f64,
    a: f64,
}

fn parse_v3(metrics: &str) -> Option<V3Base> {
    let mut found: [Option<&str>; 8] = [None; 8];
    const KEYS: [&str; 8] = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];
    for part in metrics.split('/') {
        let (key, value) = part.split_once(':')?;
        if let Some(slot) = KEYS.iter().position(|k| *k == key) {
            if found[slot].replace(value).is_some() {
                return None; // a metric given twice
            }
        }
        // Temporal/environmental metrics do not change the base score.
    }
    let [av, ac, pr, ui, s, c, i, a] = found;
    let scope_changed = match s? {
        "U" => false,
        "C" => true,
        _ => return None,
    };
    let cia = |v: Option<&str>| match v? {
        "H" => Some(0.56),
        "L" => Some(0.22),
        "N" => Some(0.0),
        _ => None,
    };
    Some(V3Base {
        av: match av? {
            "N" => 0.85,
            "A" => 0.62,
            "L" => 0.55,
            "P" => 0.2,
            _ => return None,
        },
        ac: match ac? {
            "L" => 0.77,
            "H" => 0.44,
            _ => return None,
        },
        pr: match (pr?, scope_changed) {
            ("N", _) => 0.85,
            ("L", false) => 0.62,
            ("L", true) => 0.68,
            ("H", false) => 0.27,
            ("H", true) => 0.5,
            _ => return None,
        },
        ui: match ui? {
            "N" => 0.85,
            "R" => 0.62,
            _ => return None,
        },
        scope_changed,
        c: cia(c)?,
        i: cia(i)?,
        a: cia(a)?,
    })
}

fn score_v3(metrics: &str, v31: bool) -> Option<f64> {
    let m = parse_v3(metrics)?;
    let iss = 1.0 - (1.0 - m.c) * (1.0 - m.i) * (1.0 - m.a);
    let impact = if m.scope_changed {
        7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
    } else {
        6.42 * iss
    };
    let exploitability = 8.22 * m.av * m.ac * m.pr * m.ui;
    if impact <= 0.0 {
        return Some(0.0);
    }
    let raw = if m.scope_changed {
        (1.08 * (impact + exploitability)).min(10.0)
    } else {
        (impact + exploitability).min(10.0)
    };
    Some(round_up(raw, v31))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked examples of the CVSS v3.1 "Examples" document (FIRST), plus v3.0
    /// vectors; expected scores also agree with Red Hat's `cvss` Python library.
    #[test]
    fn v3_spec_examples() {
        let cases = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5), // Heartbleed
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), // Shellshock
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1), // phpMyAdmin XSS
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4), // MySQL
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1), // POODLE
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9), // VMware guest
            ("CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2), // Tomcat
            ("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8), // Apple iWork
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4), // OpenSSL CCS
            ("CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:C/C:L/I:N/A:N", 1.8),
            ("CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:N/I:L/A:N", 2.6),
            ("CVSS:3.0/AV:N/AC:H/PR:L/UI:R/S:U/C:H/I:H/A:H", 7.1),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
        ];
        for (vector, expected) in cases {
            let got = score_vector(vector).map(|c| c.score);
            assert_eq!(got, Some(expected), "{vector}");
        }
    }

    /// Examples from the CVSS v4.0 specification / FIRST calculator.
    #[test]
    fn v4_spec_examples() {
        let cases = [
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                9.3,
            ),
            (
                "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N",
                4.6,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:N/SC:L/SI:L/SA:N",
                2.1,
            ),
            (
                "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                7.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
                9.4,
            ),
        ];
        for (vector, expected) in cases {
            let got = score_vector(vector).map(|c| c.score);
            assert_eq!(got, Some(expected), "{vector}");
        }
    }

    #[test]
    fn malformed_vectors_are_refused() {
        for bad in [
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N",
            "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
            "CVSS:2.0/AV:N",
            "AV:N/AC:L/Au:N/C:P/I:P/A:P",
            "CVSS:4.0/AV:N",
        ] {
            assert_eq!(score_vector(bad), None, "{bad}");
        }
    }

    #[test]
    fn ratings_from_scores_and_words() {
        assert_eq!(Rating::from_score(9.0), Rating::Critical);
        assert_eq!(Rating::from_score(8.9), Rating::High);
        assert_eq!(Rating::from_score(4.0), Rating::Medium);
        assert_eq!(Rating::from_score(3.9), Rating::Low);
        assert_eq!(Rating::from_word("MODERATE"), Some(Rating::Medium));
        assert_eq!(Rating::from_word("negligible"), Some(Rating::Low));
        assert_eq!(Rating::from_word("not yet assigned"), None);
    }
}
