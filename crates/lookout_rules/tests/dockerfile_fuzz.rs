//! Property test: random bytes and random mutations of the BuildKit fixtures never make
//! `parse` or `check` panic, and each run stays fast.
#![allow(clippy::unwrap_used)]

use lookout_rules::dockerfile::check;
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn fixtures() -> Vec<String> {
    let dir = std::path::PathBuf::from(format!(
        "{}/../../../shared/suites/buildkit-parser/frontend/dockerfile/parser/testfiles",
        manifest_dir()
    ));
    assert!(
        dir.is_dir(),
        "this test needs ../shared beside the repository: {} is missing",
        dir.display()
    );
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path().join("Dockerfile")).ok())
        .collect();
    out.sort();
    out.push("RUN <<EOF\napt-get install x\nEOF\nCOPY <<-\"A\" <<B /x\n\tq\n\tA\nB\n".into());
    out.push(
        "ARG T=${X:-${Y:+z}}\nFROM a:$T AS b\nFROM b\nONBUILD ONBUILD RUN x\n# escape=`\n".into(),
    );
    out
}

/// Budget per input: generous for debug builds on a shared 2-core machine.
// A hang guard, not a benchmark: generous so a loaded CI machine cannot fail it.
const BUDGET: Duration = Duration::from_secs(10);

fn run(text: &str) {
    let start = Instant::now();
    let _ = check(text);
    assert!(
        start.elapsed() < BUDGET,
        "took {:?} on {} bytes",
        start.elapsed(),
        text.len()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        run(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_dockerfile_alphabet_never_panics(
        text in "[ \\t\\n\\\\`#=\\[\\]\"',${}:<>@|&;a-zA-Z0-9/.-]{0,400}"
    ) {
        run(&text);
        run(&format!("FROM a\nRUN {text}"));
        run(&format!("RUN <<EOF {text}\n{text}\nEOF"));
    }

    #[test]
    fn mutated_fixtures_never_panic(
        index in 0usize..64,
        edits in proptest::collection::vec((any::<u16>(), 0u8..3, any::<char>()), 1..12)
    ) {
        let all = fixtures();
        let mut text: Vec<char> = all[index % all.len()].chars().collect();
        for (at, kind, ch) in edits {
            let at = usize::from(at) % (text.len() + 1);
            match kind {
                0 => text.insert(at, ch),
                1 if at < text.len() => { text.remove(at); }
                _ if at < text.len() => text[at] = ch,
                _ => text.push(ch),
            }
        }
        run(&text.into_iter().collect::<String>());
    }
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
