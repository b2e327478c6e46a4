//! Speed of `check` on ../shared/bench/big.Dockerfile (800 lines). The fastest of many
//! runs is reported (the machine is shared, averages measure the neighbours); the bound is
//! 2 ms in release builds and a loose guard against quadratic work in debug builds.
//! Release figure: `cargo test --release -p lookout_rules --test dockerfile_perf -- --nocapture`.
#![allow(clippy::unwrap_used)]

use lookout_rules::dockerfile::check;
use std::time::{Duration, Instant};

fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn big_dockerfile_is_linted_quickly() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bench/big.Dockerfile"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!("this test needs ../shared beside the repository: {path} is missing")
    });
    let findings = check(&text).len();
    let lint = fastest(100, || {
        let _ = check(&text);
    });
    let parse = fastest(100, || {
        let _ = lookout_syntax::dockerfile::parse(&text);
    });
    println!(
        "big.Dockerfile ({} lines, {findings} findings): check {lint:?}, parse alone {parse:?} (fastest of 100)",
        text.lines().count()
    );
    let limit = if cfg!(debug_assertions) {
        Duration::from_millis(100)
    } else {
        Duration::from_millis(2)
    };
    assert!(lint < limit, "check took {lint:?}");
}
