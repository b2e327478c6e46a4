//! Writing to standard output without `print!`'s panic on a closed pipe
//! (`lookout rules | head -1`): the reader is gone, so there is nobody to tell.

use std::io::Write;

/// Writes `text` to stdout; a closed pipe (or any other write error) is ignored.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
