//! The whole bytes of the files a layer walk read most recently, within a byte budget, so
//! a hardlink to one of them is served from memory instead of a second pass over the
//! layer (which, for a gzip layer, means inflating and reading it again up to the target).
//!
//! Tar writers emit a hardlink when they meet the file's second name, and they walk one
//! directory at a time, so the target is usually just before the link (Debian's
//! `usr/bin/perl5.36.0` follows `usr/bin/perl`). A link whose target has left the budget
//! still resolves, through the second pass.

use std::collections::VecDeque;
use std::rc::Rc;

/// Bytes kept at most; a file larger than this is never kept.
pub(super) const RECENT_BUDGET: usize = 8 << 20;

#[derive(Default)]
pub(super) struct RecentFiles {
    files: VecDeque<(String, Rc<Vec<u8>>)>,
    bytes: usize,
}

impl RecentFiles {
    /// Keeps `data`, the whole content of `path`, dropping the oldest files over budget.
    pub(super) fn remember(&mut self, path: &str, data: Vec<u8>) {
        self.forget(path);
        if data.len() > RECENT_BUDGET {
            return;
        }
        self.bytes += data.len();
        self.files.push_back((path.to_owned(), Rc::new(data)));
        while self.bytes > RECENT_BUDGET {
            match self.files.pop_front() {
                Some((_, old)) => self.bytes -= old.len(),
                None => break,
            }
        }
    }

    /// The content of `path` if it is still kept.
    pub(super) fn get(&self, path: &str) -> Option<Rc<Vec<u8>>> {
        self.files
            .iter()
            .rev()
            .find(|(p, _)| p == path)
            .map(|(_, data)| Rc::clone(data))
    }

    /// A later member replaced `path` (or it was read only in part): what was kept is no
    /// longer its content.
    pub(super) fn forget(&mut self, path: &str) {
        if let Some(i) = self.files.iter().position(|(p, _)| p == path) {
            if let Some((_, old)) = self.files.remove(i) {
                self.bytes -= old.len();
            }
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
