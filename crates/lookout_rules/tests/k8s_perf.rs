//! Speed of `check` on ../shared/bench/big-manifests.yaml (4,300 lines, 120 workloads).
//! The fastest of many runs is reported (the machine is shared; averages measure the
//! neighbours). Bound: 2 ms in release builds; in debug builds a loose guard, plus a check
//! that four times the input costs about four times as much (quadratic work would cost 16).
//! Release figure: `cargo test --release -p lookout_rules --test k8s_perf -- --nocapture`.

use std::time::{Duration, Instant};

use lookout_rules::k8s::check;

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
fn big_manifest_file_is_linted_quickly_and_linearly() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bench/big-manifests.yaml"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!("this test needs ../shared beside the repository: {path} is missing")
    });
    let findings = check(&text).len();
    assert!(findings > 100, "only {findings} findings");
    let runs = if cfg!(debug_assertions) { 15 } else { 200 };
    let lint = fastest(runs, || {
        let _ = check(&text);
    });
    let parse = fastest(runs, || {
        let _ = lookout_syntax::k8s::parse(&text);
    });
    let quadrupled = [text.as_str(); 4].join("\n---\n");
    let lint_quadrupled = fastest(runs, || {
        let _ = check(&quadrupled);
    });
    println!(
        "big-manifests.yaml ({} lines, {findings} findings): check {lint:?}, model alone {parse:?}, \
         four times the file {lint_quadrupled:?} (fastest of {runs})",
        text.lines().count()
    );
    let limit = if cfg!(debug_assertions) {
        Duration::from_millis(250)
    } else {
        Duration::from_millis(2)
    };
    assert!(lint < limit, "check took {lint:?}");
    assert!(
        lint_quadrupled < lint * 10,
        "four times the input took {lint_quadrupled:?} against {lint:?}: superlinear work"
    );
}
