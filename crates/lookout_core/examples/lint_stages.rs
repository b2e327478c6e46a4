//! Where the in-process lint time goes, stage by stage (median of 300 runs each):
//! `cargo run --release -p lookout_core --example lint_stages [-- FILE]`.

use std::time::Instant;

/// (median, minimum): the minimum is the figure to compare changes by on a busy machine.
fn timings_ms(mut f: impl FnMut()) -> (f64, f64) {
    f();
    // LINT_STAGES_RUNS=5 keeps a run under valgrind's callgrind short.
    let runs = std::env::var("LINT_STAGES_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(300);
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples[0])
}

fn main() {
    let file = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/bench/big-manifests.yaml"
        )
        .into()
    });
    let Ok(text) = std::fs::read_to_string(&file) else {
        eprintln!("lint_stages: cannot read {file}");
        std::process::exit(2);
    };
    let text = text.as_str();
    let settings = lookout_core::Settings::default();
    type Stage<'a> = (&'a str, Box<dyn FnMut() + 'a>);
    let stages: Vec<Stage> = vec![
        (
            "yaml::parse",
            Box::new(|| {
                std::hint::black_box(lookout_syntax::yaml::parse(text));
            }),
        ),
        (
            "k8s::parse",
            Box::new(|| {
                std::hint::black_box(lookout_syntax::k8s::parse(text));
            }),
        ),
        (
            "k8s rules (incl. parse)",
            Box::new(|| {
                std::hint::black_box(lookout_rules::k8s::check(text));
            }),
        ),
        (
            "secrets keyword pass",
            Box::new(|| {
                std::hint::black_box(lookout_rules::secrets::scan_text_for_lint(text));
            }),
        ),
        (
            "suppressions",
            Box::new(|| {
                std::hint::black_box(lookout_syntax::suppression::find_suppressions(
                    text,
                    lookout_syntax::suppression::CommentStyle::Yaml,
                ));
            }),
        ),
        (
            "LineIndex::new",
            Box::new(|| {
                std::hint::black_box(lookout_diagnostics::LineIndex::new(text));
            }),
        ),
        (
            "whole lint",
            Box::new(|| {
                std::hint::black_box(lookout_core::lint(text, "m.yaml", &settings));
            }),
        ),
    ];
    for (name, mut f) in stages {
        let (median, min) = timings_ms(&mut f);
        println!("{name:>26}: median {median:.3} ms, min {min:.3} ms");
    }
}
