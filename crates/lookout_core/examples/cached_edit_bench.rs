//! Per-keystroke cost of the editor's cached lint on ../shared/bench/big-manifests.yaml:
//! one character typed and deleted at the end of the first line, alternately, as
//! `bench/lsp.sh` does, with and without the findings' fixes. Prints medians.
//!
//!   cargo run --release -p lookout_core --example cached_edit_bench

use std::time::Instant;

use lookout_core::lint::{lint_as_cached, lint_as_cached_without_fixes, LintCache};
use lookout_core::{DocumentKind, Settings};

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    let path = format!("{root}/../../../shared/bench/big-manifests.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("this benchmark needs ../shared ({path}): {e}"));
    let line_end = text.find('\n').unwrap_or(text.len());
    let typed = format!("{}x{}", &text[..line_end], &text[line_end..]);
    let settings = Settings::default();
    let runs = 1000;
    for (name, with_fixes) in [("with fixes", true), ("without fixes", false)] {
        let mut cache = LintCache::default();
        let mut times = Vec::with_capacity(runs);
        for i in 0..runs + 20 {
            let t = if i % 2 == 0 { &typed } else { &text };
            let start = Instant::now();
            let result = if with_fixes {
                lint_as_cached(t, DocumentKind::Kubernetes, &settings, &mut cache)
            } else {
                lint_as_cached_without_fixes(t, DocumentKind::Kubernetes, &settings, &mut cache)
            };
            let elapsed = start.elapsed();
            drop(result);
            if i >= 20 {
                times.push(elapsed.as_secs_f64() * 1e3);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name:>14}: median {:.3} ms, p90 {:.3} ms over {runs} edits",
            times[runs / 2],
            times[runs * 9 / 10]
        );
    }
}
