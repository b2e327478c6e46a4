//! In-process lint benchmark (the editor's per-keystroke cost): lints the benchmark
//! inputs repeatedly and prints the median and p99 per call.
//!
//! `cargo run --release -p lookout_core --example lint_bench [-- FILE...]`
//! (default: ../shared/bench/big.Dockerfile and big-manifests.yaml).

use std::time::Instant;

use lookout_core::{lint, Settings};

fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bench");
        files = vec![
            format!("{shared}/big.Dockerfile"),
            format!("{shared}/big-manifests.yaml"),
        ];
    }
    let settings = Settings::default();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            eprintln!("lint_bench: cannot read {file} (the default inputs need ../shared beside the checkout)");
            std::process::exit(2);
        };
        let name = file.rsplit('/').next().unwrap_or(&file).to_string();
        let warm = lint(&text, &name, &settings);
        let mut samples = Vec::with_capacity(500);
        for _ in 0..500 {
            let start = Instant::now();
            let result = lint(&text, &name, &settings);
            samples.push(start.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(result);
        }
        samples.sort_by(f64::total_cmp);
        let median = samples[samples.len() / 2];
        let p99 = samples[samples.len() * 99 / 100];
        println!(
            "{name}: {} lines, {} findings, median {median:.3} ms, p99 {p99:.3} ms per lint",
            text.lines().count(),
            warm.findings.len()
        );
    }
}
