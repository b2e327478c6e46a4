//! saphyr reports positions as character indexes; everything in Lookout is a byte offset.
//! Events arrive almost in source order, so a cursor that walks from the last position
//! converts a whole file in linear time without a per-character table.

pub(crate) struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    char_pos: usize,
    byte_pos: usize,
}

impl<'a> CharToByte<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            char_pos: 0,
            byte_pos: 0,
        }
    }

    /// Byte offset of the character at `char_index` (clamped to the end of the text).
    pub(crate) fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        let bytes = self.text.as_bytes();
        while self.char_pos < char_index && self.byte_pos < bytes.len() {
            self.byte_pos += utf8_len(bytes[self.byte_pos]);
            self.char_pos += 1;
        }
        while self.char_pos > char_index && self.byte_pos > 0 {
            self.byte_pos -= 1;
            while self.byte_pos > 0 && !self.text.is_char_boundary(self.byte_pos) {
                self.byte_pos -= 1;
            }
            self.char_pos -= 1;
        }
        self.byte_pos.min(bytes.len())
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::CharToByte;

    #[test]
    fn converts_forward_and_backward_over_multibyte_text() {
        let text = "aé😀b";
        let mut conv = CharToByte::new(text);
        assert_eq!(conv.byte(3), 7);
        assert_eq!(conv.byte(1), 1);
        assert_eq!(conv.byte(2), 3);
        assert_eq!(conv.byte(10), text.len());
        assert_eq!(conv.byte(0), 0);
    }
}
