//! A minimal, read-only SQLite reader: enough of the file format
//! (<https://www.sqlite.org/fileformat2.html>) to list the rows of one table — rpm's
//! `Packages (hnum INTEGER PRIMARY KEY, blob BLOB)`. Written by hand because the SQLite
//! crates wrap the C library, which does not build for wasm32-unknown-unknown. Every
//! offset is bounds-checked and every page visited once, so hostile files end in an error.

use std::collections::HashSet;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
    Blob(Vec<u8>),
}

pub struct Database<'a> {
    data: &'a [u8],
    page_size: usize,
    usable: usize,
}

fn be16(d: &[u8], at: usize) -> Option<usize> {
    d.get(at..at + 2)
        .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// SQLite varint: 1–9 bytes, big-endian, 7 bits per byte (8 in the ninth).
fn varint(d: &[u8], at: usize) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for i in 0..9 {
        let b = *d.get(at + i)?;
        if i == 8 {
            return Some(((v << 8) | u64::from(b), 9));
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

impl<'a> Database<'a> {
    pub fn open(data: &'a [u8]) -> Result<Self, String> {
        if data.get(..16) != Some(MAGIC.as_slice()) {
            return Err("not an SQLite database".into());
        }
        let raw = be16(data, 16).ok_or("short header")?;
        let page_size = if raw == 1 { 65536 } else { raw };
        if !page_size.is_power_of_two() || !(512..=65536).contains(&page_size) {
            return Err(format!("bad page size {page_size}"));
        }
        let reserved = usize::from(*data.get(20).ok_or("short header")?);
        let usable = page_size
            .checked_sub(reserved)
            .filter(|u| *u >= 480)
            .ok_or("bad reserved size")?;
        Ok(Self {
            data,
            page_size,
            usable,
        })
    }

    fn page(&self, n: u32) -> Option<&'a [u8]> {
        let idx = usize::try_from(n).ok()?.checked_sub(1)?;
        let start = idx.checked_mul(self.page_size)?;
        self.data.get(start..start.checked_add(self.page_size)?)
    }

    /// Rows of the table b-tree rooted at `root`, as (rowid, columns).
    pub fn table_rows(&self, root: u32) -> Result<Vec<(i64, Vec<Value>)>, String> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        self.walk(root, 0, &mut seen, &mut out)?;
        Ok(out)
    }

    fn walk(
        &self,
        page_no: u32,
        depth: usize,
        seen: &mut HashSet<u32>,
        out: &mut Vec<(i64, Vec<Value>)>,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH || !seen.insert(page_no) {
            return Err(format!("b-tree loop or too deep at page {page_no}"));
        }
        let page = self
            .page(page_no)
            .ok_or_else(|| format!("page {page_no} out of range"))?;
        let hdr = if page_no == 1 { 100 } else { 0 };
        let kind = *page.get(hdr).ok_or("short page")?;
        let cells = be16(page, hdr + 3).ok_or("short page")?;
        let bad = || format!("malformed page {page_no}");
        match kind {
            0x05 => {
                let ptrs = hdr + 12;
                for i in 0..cells {
                    let cell = be16(page, ptrs + 2 * i).ok_or_else(bad)?;
                    let child = be32(page, cell).ok_or_else(bad)?;
                    self.walk(child, depth + 1, seen, out)?;
                }
                let right = be32(page, hdr + 8).ok_or_else(bad)?;
                self.walk(right, depth + 1, seen, out)
            }
            0x0d => {
                let ptrs = hdr + 8;
                for i in 0..cells {
                    let cell = be16(page, ptrs + 2 * i).ok_or_else(bad)?;
                    let (len, n1) = varint(page, cell).ok_or_else(bad)?;
                    let (rowid, n2) = varint(page, cell + n1).ok_or_else(bad)?;
                    let payload = self.payload(page, cell + n1 + n2, len).ok_or_else(bad)?;
                    #[allow(clippy::cast_possible_wrap)]
                    out.push((rowid as i64, record(&payload).ok_or_else(bad)?));
                }
                Ok(())
            }
            other => Err(format!(
                "page {page_no}: unexpected b-tree page type {other:#x}"
            )),
        }
    }

    /// The full payload of a table-leaf cell, following overflow pages.
    fn payload(&self, page: &[u8], at: usize, len: u64) -> Option<Vec<u8>> {
        let p = usize::try_from(len).ok()?;
        if p > self.data.len() {
            return None;
        }
        let u = self.usable;
        let x = u - 35;
        if p <= x {
            return page.get(at..at + p).map(<[u8]>::to_vec);
        }
        let m = ((u - 12) * 32 / 255) - 23;
        let k = m + ((p - m) % (u - 4));
        let local = if k <= x { k } else { m };
        let mut out = Vec::with_capacity(p);
        out.extend_from_slice(page.get(at..at + local)?);
        let mut next = be32(page, at + local)?;
        let mut hops = 0usize;
        while out.len() < p {
            hops += 1;
            if next == 0 || hops > self.data.len() / self.page_size + 1 {
                return None;
            }
            let ov = self.page(next)?;
            let take = (p - out.len()).min(u - 4);
            out.extend_from_slice(ov.get(4..4 + take)?);
            next = be32(ov, 0)?;
        }
        Some(out)
    }

    /// Root page of a table, from `sqlite_master`.
    pub fn table_root(&self, name: &str) -> Result<Option<u32>, String> {
        for (_, cols) in self.table_rows(1)? {
            let is_table = matches!(cols.first(), Some(Value::Text(t)) if t == "table");
            let named = matches!(cols.get(1), Some(Value::Text(n)) if n == name);
            if is_table && named {
                if let Some(Value::Int(root)) = cols.get(3) {
                    return Ok(u32::try_from(*root).ok());
                }
            }
        }
        Ok(None)
    }
}

/// Decodes a record: header of serial types, then the values.
fn record(payload: &[u8]) -> Option<Vec<Value>> {
    let (header_len, mut pos) = varint(payload, 0)?;
    let header_len = usize::try_from(header_len).ok()?;
    let mut types = Vec::new();
    while pos < header_len {
        let (t, n) = varint(payload, pos)?;
        types.push(t);
        pos += n;
    }
    let mut at = header_len;
    let mut values = Vec::with_capacity(types.len());
    for t in types {
        let int = |len: usize, at: usize| -> Option<i64> {
            let b = payload.get(at..at + len)?;
            let mut v: i64 = if b.first()? & 0x80 != 0 { -1 } else { 0 };
            for &x in b {
                v = (v << 8) | i64::from(x);
            }
            Some(v)
        };
        let (value, len) = match t {
            0 => (Value::Null, 0),
            1..=4 => {
                let l = usize::try_from(t).ok()?;
                (Value::Int(int(l, at)?), l)
            }
            5 => (Value::Int(int(6, at)?), 6),
            6 => (Value::Int(int(8, at)?), 8),
            7 => {
                let b = payload.get(at..at + 8)?;
                (Value::Float(f64::from_be_bytes(b.try_into().ok()?)), 8)
            }
            8 => (Value::Int(0), 0),
            9 => (Value::Int(1), 0),
            t if t >= 12 && t % 2 == 0 => {
                let l = usize::try_from((t - 12) / 2).ok()?;
                (Value::Blob(payload.get(at..at + l)?.to_vec()), l)
            }
            t if t >= 13 => {
                let l = usize::try_from((t - 13) / 2).ok()?;
                (
                    Value::Text(String::from_utf8_lossy(payload.get(at..at + l)?).into_owned()),
                    l,
                )
            }
            _ => return None,
        };
        values.push(value);
        at += len;
    }
    Some(values)
}

/// Blobs of rpm's `Packages` table, in rowid order.
pub fn rpm_blobs(data: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let db = Database::open(data)?;
    let root = db.table_root("Packages")?.ok_or("no Packages table")?;
    let mut rows = db.table_rows(root)?;
    rows.sort_by_key(|(rowid, _)| *rowid);
    Ok(rows
        .into_iter()
        .filter_map(|(_, cols)| {
            cols.into_iter().find_map(|v| match v {
                Value::Blob(b) => Some(b),
                _ => None,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        assert_eq!(varint(&[0x05], 0), Some((5, 1)));
        assert_eq!(varint(&[0x81, 0x00], 0), Some((128, 2)));
        assert_eq!(varint(&[0x81], 0), None);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(Database::open(b"nope").is_err());
        let mut fake = MAGIC.to_vec();
        fake.extend_from_slice(&[0x10, 0x00, 1, 1, 0, 64, 32, 32]);
        fake.resize(4096, 0);
        let db = Database::open(&fake).unwrap_or_else(|e| panic!("{e}"));
        assert!(db.table_rows(1).is_err());
        assert!(db.table_rows(7).is_err());
    }
}
