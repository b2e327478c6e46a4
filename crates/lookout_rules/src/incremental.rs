//! Findings per YAML document, kept between lints of one file: an edit usually touches one
//! document of a stream, and the others' findings are reused (moved to where their document
//! now starts) instead of being recomputed. Used by the Kubernetes rules and the secret scan.

use std::collections::HashMap;
use std::ops::Range;

use lookout_diagnostics::Diagnostic;

/// Each document's findings from the previous [`DocumentCache::check`], with its text.
#[derive(Debug, Default)]
pub struct DocumentCache {
    documents: HashMap<u64, Vec<CachedDocument>>,
}

#[derive(Debug)]
struct CachedDocument {
    text: String,
    /// Where the document started when its findings were computed.
    start: usize,
    diagnostics: Vec<Diagnostic>,
}

/// The documents of a YAML stream, with a hash of each one's text: computed once per lint
/// and shared by every cache that reuses per-document findings.
#[derive(Debug)]
pub struct Documents {
    ranges: Vec<Range<usize>>,
    keys: Vec<u64>,
}

impl Documents {
    /// `None` when the stream is not one the fast segmentation handles (see
    /// `lookout_syntax::yaml::document_ranges`).
    #[must_use]
    pub fn of(text: &str) -> Option<Self> {
        let ranges = lookout_syntax::yaml::document_ranges(text)?;
        let keys = ranges
            .iter()
            .map(|r| document_key(&text[r.clone()]))
            .collect();
        Some(Self { ranges, keys })
    }

    /// Each document's byte range, in order.
    #[must_use]
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// A hash of each document's text (same order as [`Self::ranges`]).
    #[must_use]
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// Where the first document starts (the text before it holds comments only).
    #[must_use]
    pub fn first_start(&self, text: &str) -> usize {
        self.ranges.first().map_or(text.len(), |r| r.start)
    }
}

/// The order findings are reported in: by position, then code. Stable sorts keep the
/// emission order of ties, so every way of checking a file gives the same list.
pub(crate) fn by_position(d: &Diagnostic) -> (u32, &'static str) {
    (d.range.start, d.code)
}

/// Whether the findings handed out carry their fixes. The cache always keeps them; an
/// editor showing the findings of a big stream on every keystroke asks for them without
/// (a fix is a title, an edit list and its text: most of what copying a finding costs)
/// and lints again with them when the user asks for code actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixes {
    Keep,
    Drop,
}

impl Fixes {
    /// A copy of `d` as this mode hands it out.
    #[must_use]
    pub fn copy(self, d: &Diagnostic) -> Diagnostic {
        match self {
            Fixes::Keep => d.clone(),
            Fixes::Drop => Diagnostic {
                code: d.code,
                severity: d.severity,
                range: d.range,
                message: d.message.clone(),
                fix: None,
                related: d.related.clone(),
            },
        }
    }
}

/// Documents changed in one edit above which the whole text is checked at once.
const MAX_CHANGED: usize = 8;

fn document_key(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

impl DocumentCache {
    pub fn clear(&mut self) {
        self.documents.clear();
    }

    /// The findings of `text`, whose documents are `documents`. Unchanged documents reuse their
    /// findings; changed ones go through `check_document`, or, when many changed, the
    /// whole text goes through `check_all`. The result is sorted by position, and is what
    /// `check_all` would give provided a document's findings depend on its text alone.
    pub fn check(
        &mut self,
        text: &str,
        documents: &Documents,
        fixes: Fixes,
        check_document: impl Fn(Range<usize>) -> Vec<Diagnostic>,
        check_all: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let Documents { ranges, keys } = documents;
        // Unchanged documents move from the old cache to the new one (no copy of text).
        let reused: Vec<Option<CachedDocument>> = ranges
            .iter()
            .zip(keys)
            .map(|(r, &key)| self.take(key, &text[r.clone()]))
            .collect();
        let changed = reused.iter().filter(|r| r.is_none()).count();
        if changed > MAX_CHANGED {
            return self.check_whole(text, documents, reused, fixes, check_all());
        }
        let entries: Vec<CachedDocument> = ranges
            .iter()
            .zip(reused)
            .map(|(range, old)| {
                old.unwrap_or_else(|| CachedDocument {
                    text: text[range.clone()].to_string(),
                    start: range.start,
                    diagnostics: check_document(range.clone()),
                })
            })
            .collect();
        let mut next = DocumentCache::default();
        let mut out = Vec::with_capacity(entries.iter().map(|c| c.diagnostics.len()).sum());
        for ((range, &key), cached) in ranges.iter().zip(keys).zip(entries) {
            cached.append_at(range.start, fixes, &mut out);
            next.insert(key, cached);
        }
        *self = next;
        if !out.is_sorted_by_key(by_position) {
            out.sort_by_key(by_position);
        }
        out
    }

    /// Many documents changed: `all`, the whole text's findings, is the answer. The changed
    /// documents are cached with their share of it (the unchanged keep their entries),
    /// except documents whose share is unsure (see [`split_by_document`]): they are left
    /// out, so their next check is their own.
    fn check_whole(
        &mut self,
        text: &str,
        documents: &Documents,
        reused: Vec<Option<CachedDocument>>,
        fixes: Fixes,
        mut all: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        if !all.is_sorted_by_key(by_position) {
            all.sort_by_key(by_position);
        }
        let out = all.iter().map(|d| fixes.copy(d)).collect();
        let Documents { ranges, keys } = documents;
        let (shares, unsure) = split_by_document(all, ranges);
        let mut next = DocumentCache::default();
        let entries = ranges.iter().zip(keys).zip(reused).zip(shares).zip(unsure);
        for ((((range, &key), old), share), unsure) in entries {
            match old {
                Some(cached) => next.insert(key, cached),
                None if unsure => {}
                None => next.insert(
                    key,
                    CachedDocument {
                        text: text[range.clone()].to_string(),
                        start: range.start,
                        diagnostics: share,
                    },
                ),
            }
        }
        *self = next;
        out
    }

    /// Takes the entry of a document with this exact text, if it was checked.
    fn take(&mut self, key: u64, text: &str) -> Option<CachedDocument> {
        let entries = self.documents.get_mut(&key)?;
        let at = entries.iter().position(|c| c.text == text)?;
        Some(entries.swap_remove(at))
    }

    fn insert(&mut self, key: u64, document: CachedDocument) {
        self.documents.entry(key).or_default().push(document);
    }
}

impl CachedDocument {
    /// Appends its findings for the document now starting at `start` to `out`.
    fn append_at(&self, start: usize, fixes: Fixes, out: &mut Vec<Diagnostic>) {
        let from = out.len();
        out.extend(self.diagnostics.iter().map(|d| fixes.copy(d)));
        if self.start != start {
            for d in &mut out[from..] {
                d.rebase(self.start, start);
            }
        }
    }
}

/// `diagnostics` (sorted) grouped by the document range their start falls in, and for
/// each document whether that grouping may be wrong for it.
///
/// A finding exactly where one document ends and the next begins may belong to either: a
/// YAML error at the end of an unclosed `{…` is reported at the next `---`, the first
/// byte of the next document. Both documents are then marked unsure; they are not cached,
/// so their next check is their own (a finding cached with the wrong document would be
/// lost, or kept after its cause is gone, when only one of the two changes later).
fn split_by_document(
    diagnostics: Vec<Diagnostic>,
    ranges: &[Range<usize>],
) -> (Vec<Vec<Diagnostic>>, Vec<bool>) {
    let mut groups: Vec<Vec<Diagnostic>> = ranges.iter().map(|_| Vec::new()).collect();
    let mut unsure = vec![false; ranges.len()];
    for d in diagnostics {
        let at = d.range.start();
        let index = ranges
            .partition_point(|r| r.end <= at)
            .min(ranges.len().saturating_sub(1));
        if index > 0 && ranges[index].start == at && ranges[index - 1].end == at {
            unsure[index - 1] = true;
            unsure[index] = true;
        }
        if let Some(group) = groups.get_mut(index) {
            group.push(d);
        }
    }
    (groups, unsure)
}
