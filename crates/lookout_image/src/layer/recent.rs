//! The whole bytes of the files a layer walk read most recently, within a byte budget, so
//! a hardlink to one of them is served from memory instead of a second pass over the
//! layer (which, for a gzip layer, means inflating and reading it again up to the target).
//!
//! Tar writers emit a hardlink when they meet the file's second name, and they walk one
//! directory at a time, so the target is usually just before the link (Debian's
//! `usr/bin/perl5.36.0` follows `usr/bin/perl`). A link whose target has left the budget
//! still resolves, through the second pass.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

/// Bytes kept at most; a file larger than this is never kept. 4 MiB holds Debian's perl
/// (3.8 MB) and keeps the CLI's peak RSS near where it was without the cache (debian12-apps:
/// 25–29 MB against 19–21 MB with none and 26–34 MB with 8 MiB, one and two threads).
pub(super) const RECENT_BUDGET: usize = 4 << 20;

/// Kept files by path (with the sequence number of when they were kept) and the order to
/// drop them in: a layer of thousands of small wanted files (node_modules' package.json
/// files) must not make each remember a scan of everything kept.
#[derive(Default)]
pub(super) struct RecentFiles {
    files: HashMap<String, (u64, Rc<Vec<u8>>)>,
    /// Oldest first; an entry whose sequence number no longer matches `files` is stale
    /// (the path was kept again or forgotten since) and skipped.
    order: VecDeque<(u64, String)>,
    next: u64,
    bytes: usize,
}

impl RecentFiles {
    /// Keeps `data`, the whole content of `path`, dropping the oldest files over budget.
    pub(super) fn remember(&mut self, path: &str, data: Vec<u8>) {
        self.forget(path);
        if data.len() > RECENT_BUDGET {
            return;
        }
        self.next += 1;
        self.bytes += data.len();
        self.files
            .insert(path.to_owned(), (self.next, Rc::new(data)));
        self.order.push_back((self.next, path.to_owned()));
        while self.bytes > RECENT_BUDGET {
            let Some((seq, old)) = self.order.pop_front() else {
                break;
            };
            if self.files.get(&old).is_some_and(|(kept, _)| *kept == seq) {
                self.forget(&old);
            }
        }
        // Stale entries pile up when paths are kept again; drop them now and then.
        if self.order.len() > 2 * self.files.len() + 64 {
            let files = &self.files;
            self.order
                .retain(|(seq, path)| files.get(path).is_some_and(|(kept, _)| kept == seq));
        }
    }

    /// The content of `path` if it is still kept.
    pub(super) fn get(&self, path: &str) -> Option<Rc<Vec<u8>>> {
        self.files.get(path).map(|(_, data)| Rc::clone(data))
    }

    /// A later member replaced `path` (or it was read only in part): what was kept is no
    /// longer its content.
    pub(super) fn forget(&mut self, path: &str) {
        if let Some((_, old)) = self.files.remove(path) {
            self.bytes -= old.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_files_within_the_budget() {
        let mut recent = RecentFiles::default();
        recent.remember("a", vec![1; RECENT_BUDGET / 2]);
        recent.remember("b", vec![2; RECENT_BUDGET / 2]);
        assert!(recent.get("a").is_some() && recent.get("b").is_some());
        recent.remember("c", vec![3; 10]);
        assert!(recent.get("a").is_none(), "the oldest file left the budget");
        assert_eq!(recent.get("c").as_deref(), Some(&vec![3; 10]));
        recent.remember("huge", vec![0; RECENT_BUDGET + 1]);
        assert!(recent.get("huge").is_none());
        assert!(
            recent.get("b").is_some(),
            "a file over budget evicts nothing"
        );
    }

    #[test]
    fn many_small_files_stay_cheap_and_bounded() {
        let mut recent = RecentFiles::default();
        for i in 0..200_000 {
            recent.remember(&format!("node_modules/p{i}/package.json"), vec![0; 100]);
        }
        assert!(recent.bytes <= RECENT_BUDGET);
        assert!(recent.get("node_modules/p199999/package.json").is_some());
        assert!(recent.get("node_modules/p0/package.json").is_none());
        assert!(recent.order.len() <= 2 * recent.files.len() + 64);
        // The same path kept over and over leaves no pile of stale entries.
        for _ in 0..10_000 {
            recent.remember("etc/hosts", vec![1; 10]);
        }
        assert!(recent.order.len() <= 2 * recent.files.len() + 64);
    }

    #[test]
    fn a_replaced_file_is_forgotten() {
        let mut recent = RecentFiles::default();
        recent.remember("etc/passwd", b"old".to_vec());
        recent.forget("etc/passwd");
        assert!(recent.get("etc/passwd").is_none());
        recent.remember("etc/passwd", b"new".to_vec());
        recent.remember("etc/passwd", b"newer".to_vec());
        assert_eq!(
            recent.get("etc/passwd").as_deref(),
            Some(&b"newer".to_vec())
        );
        assert_eq!(recent.bytes, 5);
    }
}
