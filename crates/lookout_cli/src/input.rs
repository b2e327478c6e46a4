//! Reading user-named inputs with clear refusals: binary files, invalid UTF-8 and files
//! too large to lint get a one-line reason instead of a panic or a hang.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// The largest text file `lint` reads. Real Dockerfiles and manifests are kilobytes; this
/// keeps a mistaken `lookout lint huge.log` fast and bounded.
pub const MAX_LINT_BYTES: u64 = 8 * 1024 * 1024;

pub fn read_text_file(path: &Path) -> Result<String> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_LINT_BYTES {
        bail!(
            "{}: file too large to lint ({} > {} bytes)",
            path.display(),
            len,
            MAX_LINT_BYTES
        );
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_LINT_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    decode(&path.display().to_string(), bytes)
}

pub fn read_stdin() -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_LINT_BYTES + 1)
        .read_to_end(&mut bytes)
        .context("cannot read stdin")?;
    if bytes.len() as u64 > MAX_LINT_BYTES {
        bail!("stdin: input too large to lint (> {MAX_LINT_BYTES} bytes)");
    }
    decode("stdin", bytes)
}

fn decode(name: &str, bytes: Vec<u8>) -> Result<String> {
    if bytes.len() as u64 > MAX_LINT_BYTES {
        bail!("{name}: file too large to lint (> {MAX_LINT_BYTES} bytes)");
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        bail!("{name}: not a text file (binary content)");
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{name}: invalid UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        )
    })
}
