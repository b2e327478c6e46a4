//! Shannon entropy of a byte string, the usual signal that a value was generated rather than
//! typed (`hunter2` vs `q8Xv2Lr/7TnW0pZb`).

/// Bits of entropy per byte, 0 for an empty input.
#[must_use]
pub fn shannon(bytes: &[u8]) -> f32 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    #[allow(clippy::cast_precision_loss)]
    let len = bytes.len() as f32;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            #[allow(clippy::cast_precision_loss)]
            let p = c as f32 / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::shannon;

    #[test]
    fn entropy_orders_typed_below_generated() {
        assert!(shannon(b"aaaaaaaa") < 0.01);
        assert!((shannon(b"abcd") - 2.0).abs() < 1e-4);
        assert!(shannon(b"q8Xv2Lr/7TnW0pZbKd3Hs9YjFe6MuCa1NgRt5OyB") > 4.5);
    }
}
