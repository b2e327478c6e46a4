//! Benchmark (not a test): DB build time from ../shared/osv, DB and shard sizes, shard
//! load time, and matching 10,000 packages against the full DB.
//! Run: `cargo bench -p lookout_vuln --bench vuln_bench`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lookout_vuln::model::Event;
use lookout_vuln::{build_db, Db, Query};
use std::path::PathBuf;
use std::time::Instant;

/// Nanoseconds this thread has spent on a CPU (Linux `schedstat`): on a shared,
/// loaded machine wall time mostly measures waiting for a core.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn main() {
    let osv = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/osv"));
    assert!(
        osv.is_dir(),
        "the benchmark needs ../shared/osv beside the repository"
    );
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(&osv).unwrap() {
        let zip = entry.unwrap().path().join("all.zip");
        if zip.is_file() {
            inputs.push((zip.display().to_string(), std::fs::read(&zip).unwrap()));
        }
    }
    inputs.sort();

    let start = Instant::now();
    let built = build_db(&inputs, "bench");
    let build_time = start.elapsed();
    println!(
        "build: {:.2} s, {} advisories, {} warnings",
        build_time.as_secs_f64(),
        built.advisory_count,
        built.warnings.len()
    );
    let total: usize = built.shards.iter().map(|(_, b)| b.len()).sum::<usize>() + built.index.len();
    println!(
        "size: {:.2} MB total (index {} bytes)",
        total as f64 / 1e6,
        built.index.len()
    );
    for (file, bytes) in &built.shards {
        println!("  {file:<24} {:>8.1} KB", bytes.len() as f64 / 1e3);
    }

    let start = Instant::now();
    let db = Db::from_built(&built).unwrap();
    println!(
        "load all shards: {:.0} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    // 10,000 queries drawn from the DB's own package names, with versions taken from
    // their ranges (so matching does real work) and a few releases per distro.
    let mut queries: Vec<(String, String, String)> = Vec::new();
    let shards: Vec<_> = db
        .index()
        .ecosystems
        .iter()
        .map(|e| e.name.clone())
        .collect();
    let mut pools: Vec<Vec<(String, String, String)>> = Vec::new();
    for eco in &shards {
        let shard = db.shard(eco).unwrap().unwrap();
        let mut pool = Vec::new();
        for (name, entries) in &shard.packages {
            let first = &entries[0];
            let ecosystem = match &first.release {
                Some(r) => format!("{eco}:{r}"),
                None => eco.clone(),
            };
            // One query below the fix, one at it.
            let mut versions: Vec<String> = first
                .ranges
                .iter()
                .flat_map(|r| &r.events)
                .filter_map(|e| match e {
                    Event::Fixed(v) | Event::LastAffected(v) => Some(v.clone()),
                    _ => None,
                })
                .take(1)
                .collect();
            versions.extend(first.versions.first().cloned());
            if versions.is_empty() {
                versions.push("1.0.0".to_owned());
            }
            for version in versions {
                pool.push((ecosystem.clone(), name.clone(), version));
            }
        }
        pools.push(pool);
    }
    // Round-robin over ecosystems so every one is represented.
    let mut i = 0;
    while queries.len() < 10_000 {
        for pool in &pools {
            if let Some(q) = pool.get(i % pool.len().max(1)) {
                queries.push(q.clone());
            }
        }
        i += 1;
    }
    queries.truncate(10_000);
    // Five rounds: the machine is shared, so report the best and the median round. Each
    // round matches against a freshly loaded DB: shards parse advisories and package entries
    // the first time a query reaches them, and that parsing belongs in the figure (a CLI run
    // loads the DB once and matches once).
    let mut rounds = Vec::new();
    let mut loads = Vec::new();
    let mut cpu_rounds = Vec::new();
    let mut per_eco: std::collections::BTreeMap<String, (usize, f64)> = Default::default();
    let mut found = 0;
    for round in 0..5 {
        let load_start = Instant::now();
        let db = Db::from_built(&built).unwrap();
        loads.push(load_start.elapsed().as_secs_f64() * 1e3);
        found = 0;
        let cpu_start = thread_cpu_ns();
        let start = Instant::now();
        for (ecosystem, name, version) in &queries {
            let q = Query {
                ecosystem,
                name,
                version,
                source_name: None,
                source_version: None,
            };
            let t = Instant::now();
            found += db.match_package(&q).len();
            if round == 0 {
                let slot = per_eco
                    .entry(ecosystem.split(':').next().unwrap().to_owned())
                    .or_default();
                slot.0 += 1;
                slot.1 += t.elapsed().as_secs_f64();
            }
        }
        rounds.push(start.elapsed().as_secs_f64() * 1e3);
        if let (Some(a), Some(b)) = (cpu_start, thread_cpu_ns()) {
            cpu_rounds.push(b.saturating_sub(a) as f64 / 1e6);
        }
    }
    cpu_rounds.sort_by(f64::total_cmp);
    if let Some(best) = cpu_rounds.first() {
        println!(
            "match on-CPU time: best {best:.1} ms, median {:.1} ms",
            cpu_rounds[cpu_rounds.len() / 2]
        );
    }
    loads.sort_by(f64::total_cmp);
    println!(
        "load all shards (each round): best {:.1} ms, median {:.1} ms",
        loads[0],
        loads[loads.len() / 2]
    );
    rounds.sort_by(f64::total_cmp);
    println!(
        "match {} packages: best {:.1} ms, median {:.1} ms over {} rounds ({} matches)",
        queries.len(),
        rounds[0],
        rounds[rounds.len() / 2],
        rounds.len(),
        found
    );
    println!("first round per ecosystem:");
    for (eco, (n, secs)) in per_eco {
        println!("  {eco:<12} {n:>5} queries {:>8.1} ms", secs * 1e3);
    }
}
