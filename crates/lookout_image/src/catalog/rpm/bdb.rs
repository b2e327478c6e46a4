//! Berkeley DB hash files as rpm (before 4.16) stores `var/lib/rpm/Packages`: every value
//! is a package header blob, usually on overflow pages. Read-only and minimal, following
//! the on-disk layout (db_page.h); either byte order. Written by hand: no wasm-capable crate
//! reads Berkeley DB.

const HASH_MAGIC: u32 = 0x0006_1561;
const PAGE_HEADER: usize = 26;
const P_HASH_UNSORTED: u8 = 2;
const P_OVERFLOW: u8 = 7;
const P_HASH: u8 = 13;
const H_KEYDATA: u8 = 1;
const H_OFFPAGE: u8 = 3;

struct Reader<'a> {
    data: &'a [u8],
    swapped: bool,
    page_size: usize,
}

impl<'a> Reader<'a> {
    fn u32(&self, d: &[u8], at: usize) -> Option<u32> {
        let b: [u8; 4] = d.get(at..at + 4)?.try_into().ok()?;
        Some(if self.swapped {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }
    fn u16(&self, d: &[u8], at: usize) -> Option<usize> {
        let b: [u8; 2] = d.get(at..at + 2)?.try_into().ok()?;
        Some(usize::from(if self.swapped {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        }))
    }
    fn page(&self, n: u32) -> Option<&'a [u8]> {
        let start = usize::try_from(n).ok()?.checked_mul(self.page_size)?;
        self.data.get(start..start.checked_add(self.page_size)?)
    }

    /// Follows an overflow chain of `total` bytes.
    fn overflow(&self, mut page_no: u32, total: usize) -> Option<Vec<u8>> {
        if total > self.data.len() {
            return None;
        }
        let mut out = Vec::with_capacity(total);
        let max_pages = self.data.len() / self.page_size + 1;
        for _ in 0..max_pages {
            let page = self.page(page_no)?;
            if *page.get(25)? != P_OVERFLOW {
                return None;
            }
            let next = self.u32(page, 16)?;
            // On overflow pages the free-area offset field holds the bytes used.
            let used = self.u16(page, 22)?;
            let chunk =
                page.get(PAGE_HEADER..PAGE_HEADER + used.min(self.page_size - PAGE_HEADER))?;
            out.extend_from_slice(chunk);
            if next == 0 || out.len() >= total {
                out.truncate(total);
                return (out.len() == total).then_some(out);
            }
            page_no = next;
        }
        None
    }
}

/// Every value stored in the hash database.
pub fn values(data: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let le = data
        .get(12..16)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let swapped = match le {
        Some(HASH_MAGIC) => false,
        Some(m) if m.swap_bytes() == HASH_MAGIC => true,
        _ => return Err("not a Berkeley DB hash database".into()),
    };
    let mut r = Reader {
        data,
        swapped,
        page_size: 0,
    };
    let page_size =
        usize::try_from(r.u32(data, 20).ok_or("short meta page")?).map_err(|e| e.to_string())?;
    if !page_size.is_power_of_two() || !(512..=65536).contains(&page_size) {
        return Err(format!("bad page size {page_size}"));
    }
    r.page_size = page_size;
    let last_page = r.u32(data, 32).ok_or("short meta page")?;
    let mut out = Vec::new();
    for page_no in 1..=last_page {
        let Some(page) = r.page(page_no) else {
            return Err(format!(
                "page {page_no} is past the end of the file (truncated?)"
            ));
        };
        if !matches!(page.get(25), Some(&(P_HASH | P_HASH_UNSORTED))) {
            continue;
        }
        let entries = r.u16(page, 20).ok_or("short page")?;
        // Entries alternate key, value; each index slot is a 2-byte offset.
        for value_index in (1..entries).step_by(2) {
            let Some(offset) = r.u16(page, PAGE_HEADER + value_index * 2) else {
                break;
            };
            match page.get(offset) {
                Some(&H_OFFPAGE) => {
                    let pgno = r.u32(page, offset + 4).ok_or("short off-page item")?;
                    let len =
                        usize::try_from(r.u32(page, offset + 8).ok_or("short off-page item")?)
                            .map_err(|e| e.to_string())?;
                    let value = r
                        .overflow(pgno, len)
                        .ok_or_else(|| format!("broken overflow chain at page {pgno}"))?;
                    out.push(value);
                }
                Some(&H_KEYDATA) => {
                    // Inline value: it runs to the start of the previous item (the key's
                    // offset), or the page end for the first pair.
                    let end = if value_index == 1 {
                        page_size
                    } else {
                        r.u16(page, PAGE_HEADER + (value_index - 1) * 2)
                            .unwrap_or(page_size)
                    };
                    let key_offset = r
                        .u16(page, PAGE_HEADER + (value_index - 1) * 2)
                        .unwrap_or(page_size);
                    let end = end.min(key_offset).max(offset + 1);
                    if let Some(v) = page.get(offset + 1..end) {
                        out.push(v.to_vec());
                    }
                }
                _ => {}
            }
        }
    }
    Ok(out)
}
