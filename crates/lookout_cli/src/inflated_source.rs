//! A gzip-compressed archive (`docker save | gzip > image.tar.gz`) read as the tar inside
//! it, with no copy on disk or in memory, as Trivy reads one: a read at an offset goes on
//! with a decoder already at or before that offset, else inflates again from the start.
//! The tar index reads forward and each layer is read front to back, so a scan inflates
//! the archive about once for the index and once per layer (up to its offset).

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use flate2::bufread::MultiGzDecoder;
use lookout_image::RandomAccess;

/// Decoders kept for reuse; more parallel readers than this start over from the top.
const KEPT_DECODERS: usize = 8;

type Decoder = MultiGzDecoder<BufReader<File>>;

pub struct InflatedSource {
    path: PathBuf,
    len: u64,
    /// Decoders not in use, each with the offset of the next byte it gives.
    idle: Mutex<Vec<(u64, Decoder)>>,
}

impl InflatedSource {
    /// Inflates `path` once to learn the tar's length; refuses one that inflates past
    /// `limit` bytes (a decompression bomb).
    pub fn open(path: &Path, limit: u64) -> Result<Self> {
        let mut decoder = open_decoder(path)?;
        let mut len = 0u64;
        let mut chunk = vec![0u8; 1 << 20];
        loop {
            let n = decoder
                .read(&mut chunk)
                .with_context(|| format!("{}: corrupt or truncated gzip stream", path.display()))?;
            if n == 0 {
                break;
            }
            len += n as u64;
            if len > limit {
                bail!(
                    "{}: the gzip-compressed archive inflates to more than {} MiB (--max-layer-mib); decompress it yourself if that is expected",
                    path.display(),
                    limit >> 20
                );
            }
        }
        Ok(Self {
            path: path.to_path_buf(),
            len,
            idle: Mutex::new(Vec::new()),
        })
    }

    /// A decoder at or before `offset`: the nearest idle one, else a fresh one.
    fn decoder_for(&self, offset: u64) -> io::Result<(u64, Decoder)> {
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let nearest = idle
            .iter()
            .enumerate()
            .filter(|(_, (at, _))| *at <= offset)
            .max_by_key(|(_, (at, _))| *at)
            .map(|(i, _)| i);
        match nearest {
            Some(i) => Ok(idle.swap_remove(i)),
            None => {
                drop(idle);
                Ok((0, open_decoder(&self.path).map_err(io::Error::other)?))
            }
        }
    }

    fn put_back(&self, at: u64, decoder: Decoder) {
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if idle.len() >= KEPT_DECODERS {
            // The one furthest behind is the least likely to be continued.
            if let Some(i) = idle
                .iter()
                .enumerate()
                .min_by_key(|(_, (a, _))| *a)
                .map(|(i, _)| i)
            {
                idle.swap_remove(i);
            }
        }
        idle.push((at, decoder));
    }
}

fn open_decoder(path: &Path) -> Result<Decoder> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(MultiGzDecoder::new(BufReader::with_capacity(1 << 20, file)))
}

impl RandomAccess for InflatedSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let (mut at, mut decoder) = self.decoder_for(offset)?;
        // Skip forward to the offset by inflating what lies between.
        let skipped = io::copy(&mut (&mut decoder).take(offset - at), &mut io::sink())?;
        at += skipped;
        if at < offset {
            return Ok(0);
        }
        let mut filled = 0;
        while filled < buf.len() {
            let n = decoder.read(&mut buf[filled..])?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        self.put_back(at + filled as u64, decoder);
        Ok(filled)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_at_any_offset_forward_backward_and_across_members() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
        // Two gzip members, as `cat a.gz b.gz` writes.
        let mut gz = Vec::new();
        for part in [&data[..1_000_000], &data[1_000_000..]] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let dir = std::env::temp_dir().join(format!("lookout-inflated-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.tar.gz");
        std::fs::write(&path, &gz).unwrap();
        let source = InflatedSource::open(&path, u64::MAX).unwrap();
        assert_eq!(source.len(), data.len() as u64);
        for offset in [2_500_000u64, 10, 999_990, 0, 2_999_999, 1_500_000] {
            let mut buf = vec![0u8; 20];
            let n = source.read_at(offset, &mut buf).unwrap();
            let end = (offset as usize + 20).min(data.len());
            assert_eq!(&buf[..n], &data[offset as usize..end], "at {offset}");
        }
        assert!(
            InflatedSource::open(&path, 1_000).is_err(),
            "the limit holds"
        );
        std::fs::write(&path, &gz[..gz.len() / 2]).unwrap();
        let cut = InflatedSource::open(&path, u64::MAX)
            .err()
            .unwrap()
            .to_string();
        assert!(cut.contains("corrupt or truncated gzip"), "{cut}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
