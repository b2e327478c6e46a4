//! `cargo run --release -p lookout_image --example scan -- IMAGE.tar [--threads N] [--json]`
//!
//! Scans an image archive and prints its packages; a stand-in for `lookout sbom` used by
//! bench/image.sh. Layers run on N threads (default: all cores).

use std::fs::File;
use std::io::Write as _;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use lookout_image::{open_image, scan_layer, ImageScan, Options, RandomAccess, TarBlobs};

struct FileSource {
    file: File,
    len: u64,
}

impl RandomAccess for FileSource {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read_at(buf, offset)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
    else {
        eprintln!("usage: scan IMAGE.tar [--threads N] [--json]");
        std::process::exit(2);
    };
    let threads = args
        .iter()
        .position(|a| a == "--threads")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let json = args.iter().any(|a| a == "--json");
    let file = File::open(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let source = FileSource { file, len };
    let opts = Options::default();
    let result = TarBlobs::open(&source)
        .map_err(lookout_image::ImageError::from)
        .and_then(|blobs| {
            let layout = open_image(&blobs, &opts)?;
            // Largest layers first, so one big layer does not start last.
            let mut order: Vec<usize> = (0..layout.layers.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(layout.layers[i].size));
            let next = AtomicUsize::new(0);
            let results = Mutex::new(Vec::new());
            std::thread::scope(|s| {
                for _ in 0..threads.max(1) {
                    s.spawn(|| {
                        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                            let r = scan_layer(&blobs, &layout.layers[i], &opts, None);
                            results.lock().unwrap_or_else(|e| e.into_inner()).push(r);
                        }
                    });
                }
            });
            let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
            Ok(ImageScan::assemble(layout, results))
        });
    let scan = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not worth a panic.
    let _ = if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&scan.packages).unwrap_or_default()
        )
    } else {
        scan.packages.iter().try_for_each(|p| {
            writeln!(
                out,
                "{}\t{}\t{}\tlayer {}\t{}",
                p.ecosystem, p.name, p.version, p.layer, p.path
            )
        })
    };
    for w in &scan.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "{} packages, os {:?}, {} layers",
        scan.packages.len(),
        scan.os.as_ref().and_then(|o| o.ecosystem.clone()),
        scan.layers.len()
    );
}
