//! rpm's own NDB format (`Packages.db`, rpm ≥ 4.16 on SUSE): a slot table of
//! (package index, block offset, block count) followed by blobs in 16-byte blocks,
//! little-endian (rpm's lib/backend/ndb/rpmpkg.c). Written by hand: no crate reads it.

const HEADER_MAGIC: u32 = u32::from_le_bytes(*b"RpmP");
const SLOT_MAGIC: u32 = u32::from_le_bytes(*b"Slot");
const BLOB_MAGIC: u32 = u32::from_le_bytes(*b"BlbS");
const DB_VERSION: u32 = 0;
const PAGE: usize = 4096;
const SLOT_SIZE: usize = 16;
const BLOCK: usize = 16;
const BLOB_HEADER: usize = 16;

fn le32(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Every package blob, in slot order.
pub fn blobs(data: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    if le32(data, 0) != Some(HEADER_MAGIC) {
        return Err("not an rpm NDB database".into());
    }
    if le32(data, 4) != Some(DB_VERSION) {
        return Err("unsupported NDB version".into());
    }
    let slot_pages =
        usize::try_from(le32(data, 12).ok_or("short header")?).map_err(|e| e.to_string())?;
    let slots_end = slot_pages
        .checked_mul(PAGE)
        .filter(|e| *e <= data.len())
        .ok_or("slot table past the end of the file")?;
    let mut out = Vec::new();
    // The 32-byte header takes the room of the first two slots.
    for at in (2 * SLOT_SIZE..slots_end).step_by(SLOT_SIZE) {
        let (Some(magic), Some(pkg), Some(offset), Some(count)) = (
            le32(data, at),
            le32(data, at + 4),
            le32(data, at + 8),
            le32(data, at + 12),
        ) else {
            break;
        };
        if magic != SLOT_MAGIC {
            return Err(format!("bad slot magic at offset {at}"));
        }
        if pkg == 0 {
            continue;
        }
        let start = usize::try_from(offset)
            .ok()
            .and_then(|o| o.checked_mul(BLOCK))
            .ok_or("bad blob offset")?;
        let room = usize::try_from(count)
            .ok()
            .and_then(|c| c.checked_mul(BLOCK))
            .ok_or("bad blob size")?;
        if le32(data, start) != Some(BLOB_MAGIC) || le32(data, start + 4) != Some(pkg) {
            return Err(format!("package {pkg}: bad blob header at offset {start}"));
        }
        let len = usize::try_from(le32(data, start + 12).ok_or("short blob header")?)
            .map_err(|e| e.to_string())?;
        if BLOB_HEADER + len > room {
            return Err(format!("package {pkg}: blob longer than its blocks"));
        }
        let blob = data
            .get(start + BLOB_HEADER..start + BLOB_HEADER + len)
            .ok_or_else(|| format!("package {pkg}: blob past the end of the file"))?;
        out.push(blob.to_vec());
    }
    Ok(out)
}

/// Builds an NDB file holding `blobs` (tests only: no generator exists on this machine).
#[cfg(test)]
pub fn build(blobs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0u8; PAGE];
    out[0..4].copy_from_slice(b"RpmP");
    out[12..16].copy_from_slice(&1u32.to_le_bytes());
    let mut slot = 2 * SLOT_SIZE;
    for (i, blob) in blobs.iter().enumerate() {
        let pkg = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let start = out.len();
        let mut b = Vec::new();
        b.extend_from_slice(b"BlbS");
        b.extend_from_slice(&pkg.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&u32::try_from(blob.len()).unwrap_or(0).to_le_bytes());
        b.extend_from_slice(blob);
        b.extend_from_slice(&[0u8; 12]); // tail: checksum, length, magic
        while b.len() % BLOCK != 0 {
            b.push(0);
        }
        out[slot..slot + 4].copy_from_slice(b"Slot");
        out[slot + 4..slot + 8].copy_from_slice(&pkg.to_le_bytes());
        out[slot + 8..slot + 12]
            .copy_from_slice(&u32::try_from(start / BLOCK).unwrap_or(0).to_le_bytes());
        out[slot + 12..slot + 16]
            .copy_from_slice(&u32::try_from(b.len() / BLOCK).unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&b);
        slot += SLOT_SIZE;
    }
    for s in (slot..PAGE).step_by(SLOT_SIZE) {
        out[s..s + 4].copy_from_slice(b"Slot");
    }
    out
}
