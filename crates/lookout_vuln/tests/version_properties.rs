//! Comparers take input-derived strings: they must never panic and must be
//! consistent orders (Rust's sort may panic on an inconsistent comparator, and the DB
//! builder sorts range events with them).
#![allow(clippy::unwrap_used)]

use lookout_vuln::version::Scheme;
use proptest::prelude::*;
use std::cmp::Ordering;

const SCHEMES: [Scheme; 10] = [
    Scheme::Dpkg,
    Scheme::Apk,
    Scheme::Rpm,
    Scheme::Semver,
    Scheme::Pep440,
    Scheme::Maven,
    Scheme::Go,
    Scheme::RubyGems,
    Scheme::NuGet,
    Scheme::Composer,
];

/// Version-like strings (the interesting part) mixed with arbitrary text.
fn version() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}([-_.~^+:]?[a-z]{0,5}[0-9]{0,2}){0,3}",
        "(v|go|=)?[0-9]{1,2}\\.[0-9]{1,2}(\\.[0-9]{1,2})?(-(rc|alpha|beta|pre|dev)\\.?[0-9]?)?(\\+[a-z0-9.]{0,4})?",
        "[0-9]:[0-9.]{1,6}-[0-9a-z.~+]{1,6}",
        ".{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn comparers_are_consistent_orders(a in version(), b in version(), c in version()) {
        for scheme in SCHEMES {
            let ab = scheme.compare(&a, &b);
            prop_assert_eq!(scheme.compare(&a, &a), Ordering::Equal, "{:?} reflexive {:?}", scheme, a);
            prop_assert_eq!(ab, scheme.compare(&b, &a).reverse(), "{:?} antisymmetric {:?} {:?}", scheme, a, b);
            let bc = scheme.compare(&b, &c);
            if ab == bc && ab != Ordering::Equal {
                prop_assert_eq!(scheme.compare(&a, &c), ab, "{:?} transitive {:?} {:?} {:?}", scheme, a, b, c);
            }
        }
    }
}
