//! Whether an installed version falls in an affected entry, per the OSV schema's
//! evaluation rules, and which fixed version to suggest.

use crate::model::{Affected, Event, Range};
use crate::version::Scheme;
use std::cmp::Ordering;

/// The verdict for one affected entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Smallest fixed version above the installed one, if any.
    pub fixed: Option<String>,
}

/// `introduced: "0"` means "from the very first version" in every scheme.
fn is_zero(v: &str) -> bool {
    v == "0"
}

/// Orders a range's events by version (the DB builder stores them this way, so
/// feeds that list events unsorted are read right and matching is one linear walk).
/// `introduced: 0` comes first and `limit: *` last.
pub(crate) fn sort_events(events: &mut [Event], scheme: Scheme) {
    fn key(e: &Event) -> (&str, u8) {
        match e {
            Event::Introduced(v) => (v, 0),
            Event::LastAffected(v) => (v, 1),
            Event::Fixed(v) => (v, 2),
            Event::Limit(v) => (v, 3),
        }
    }
    let order = |a: &Event, b: &Event| {
        let ((va, ka), (vb, kb)) = (key(a), key(b));
        let rank = |v: &str, k: u8| match (v, k) {
            ("0", 0) => 0,
            ("*", 3) => 2,
            _ => 1,
        };
        rank(va, ka)
            .cmp(&rank(vb, kb))
            .then_with(|| {
                if rank(va, ka) == 1 && rank(vb, kb) == 1 {
                    scheme.compare(va, vb)
                } else {
                    Ordering::Equal
                }
            })
            .then_with(|| ka.cmp(&kb))
    };
    // Insertion sort, not `sort_by`: the standard sort may panic when a comparator is
    // not a total order, and version strings come from feeds. Ranges hold a handful
    // of events, so quadratic is fine.
    for i in 1..events.len() {
        let mut j = i;
        while j > 0 && order(&events[j - 1], &events[j]) == Ordering::Greater {
            events.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Whether `version` is inside one range whose events are sorted (see
/// [`sort_events`]): the OSV evaluation walk, the last event at or below the version
/// decides.
fn range_contains(range: &Range, version: &str, scheme: Scheme) -> bool {
    let cmp = |a: &str, b: &str| scheme.compare(a, b);
    // `limit` events cap the whole range: the version must be below one of them.
    let mut limits = range.events.iter().filter_map(|e| match e {
        Event::Limit(v) => Some(v.as_str()),
        _ => None,
    });
    let mut limit_seen = false;
    let below_a_limit = limits.any(|v| {
        limit_seen = true;
        v == "*" || cmp(version, v) == Ordering::Less
    });
    if limit_seen && !below_a_limit {
        return false;
    }
    let mut affected = false;
    for event in &range.events {
        // Sorted: once an event lies above the version, no later event can apply.
        match event {
            Event::Introduced(v) if is_zero(v) || cmp(version, v) != Ordering::Less => {
                affected = true;
            }
            Event::Fixed(v) if cmp(version, v) != Ordering::Less => affected = false,
            Event::LastAffected(v) if cmp(version, v) == Ordering::Greater => affected = false,
            Event::Limit(_) => {}
            _ => break,
        }
    }
    affected
}

/// The scheme a range is evaluated with: SEMVER ranges use SemVer, except Go's,
/// whose comparer also reads `go1.20.4` and `+incompatible`.
pub(crate) fn scheme_for(range: &Range, ecosystem_scheme: Scheme) -> Scheme {
    if range.semver && ecosystem_scheme != Scheme::Go {
        Scheme::Semver
    } else {
        ecosystem_scheme
    }
}

/// Evaluates one affected entry for an installed version.
pub(crate) fn evaluate(affected: &Affected, version: &str, scheme: Scheme) -> Option<Hit> {
    // Enumerated versions are the registry's exact strings (OSV schema), so a string
    // comparison is both right and cheap (Maven/PyPI entries list hundreds).
    let listed = affected.versions.iter().any(|v| v == version);
    let in_range = affected
        .ranges
        .iter()
        .any(|r| range_contains(r, version, scheme_for(r, scheme)));
    if !listed && !in_range {
        return None;
    }
    let mut fixed: Option<(&str, Scheme)> = None;
    for range in &affected.ranges {
        let s = scheme_for(range, scheme);
        // Events are sorted: the first fix above the installed version is this
        // range's smallest.
        let first_fix = range.events.iter().find_map(|e| match e {
            Event::Fixed(v) if s.compare(v, version) == Ordering::Greater => Some(v.as_str()),
            _ => None,
        });
        if let Some(v) = first_fix {
            if fixed.is_none_or(|(best, _)| s.compare(v, best) == Ordering::Less) {
                fixed = Some((v, s));
            }
        }
    }
    Some(Hit {
        fixed: fixed.map(|(v, _)| v.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(mut events: Vec<Event>) -> Range {
        sort_events(&mut events, Scheme::Semver);
        Range {
            semver: false,
            events,
        }
    }

    fn intro(v: &str) -> Event {
        Event::Introduced(v.to_owned())
    }
    fn fixed(v: &str) -> Event {
        Event::Fixed(v.to_owned())
    }
    fn last(v: &str) -> Event {
        Event::LastAffected(v.to_owned())
    }

    #[test]
    fn unsorted_events_pair_each_introduction_with_its_nearest_fix() {
        // [1.0, 1.5) and [2.0, 2.3), listed out of order.
        let r = range(vec![fixed("2.3"), intro("2.0"), fixed("1.5"), intro("1.0")]);
        let s = Scheme::Semver;
        for (v, expect) in [
            ("0.9.0", false),
            ("1.0.0", true),
            ("1.4.9", true),
            ("1.5.0", false),
            ("1.9.0", false),
            ("2.0.0", true),
            ("2.2.9", true),
            ("2.3.0", false),
        ] {
            assert_eq!(range_contains(&r, v, s), expect, "{v}");
        }
    }

    #[test]
    fn last_affected_is_inclusive_and_limit_caps() {
        let s = Scheme::Semver;
        let r = range(vec![intro("0"), last("1.2.3")]);
        assert!(range_contains(&r, "1.2.3", s));
        assert!(!range_contains(&r, "1.2.4", s));
        let r = range(vec![intro("1.0.0"), Event::Limit("2.0.0".to_owned())]);
        assert!(range_contains(&r, "1.9.0", s));
        assert!(!range_contains(&r, "2.0.0", s));
        let r = range(vec![intro("0")]);
        assert!(range_contains(&r, "99.0.0", s));
    }
}
