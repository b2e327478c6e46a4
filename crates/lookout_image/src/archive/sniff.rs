//! What a file that is not a tar archive is instead, from its first bytes: the error for a
//! PNG renamed `.tar` should say "a PNG image", not quote the tar reader's complaint about
//! the bytes it choked on (which put the file's own content, line breaks and all, into
//! the message).

/// Known signatures, checked in order.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (not a tar)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data: decompress it first"),
    (
        b"\x28\xb5\x2f\xfd",
        "zstd-compressed data: decompress it first",
    ),
    (b"BZh", "bzip2-compressed data: decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed data: decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"!<arch>\n", "an ar archive (a .deb package?)"),
    (b"\xed\xab\xee\xdb", "an RPM package"),
];

/// A short description of what `head` (a file's first bytes) is, for an error that says
/// the file is not a tar archive.
#[must_use]
pub fn describe(head: &[u8]) -> String {
    if let Some((_, what)) = SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)) {
        return format!("it is {what}");
    }
    let start = head.trim_ascii_start();
    if start.starts_with(b"{") || start.starts_with(b"[") {
        return "it is JSON text (an image manifest on its own? scan the whole archive)".into();
    }
    if !head.is_empty() && std::str::from_utf8(head).is_ok_and(|t| !t.contains('\0')) {
        return "it is text".into();
    }
    "its first 512 bytes are not a tar header".into()
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn names_common_formats_without_quoting_them() {
        assert_eq!(
            describe(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "it is a PNG image"
        );
        assert_eq!(
            describe(b"PK\x03\x04\x14\0"),
            "it is a ZIP archive (not a tar)"
        );
        assert_eq!(
            describe(&[0x28, 0xb5, 0x2f, 0xfd, 0]),
            "it is zstd-compressed data: decompress it first"
        );
        assert_eq!(describe(b"just text\njust text\n"), "it is text");
        assert!(describe(b"  {\"schemaVersion\": 2}").starts_with("it is JSON text"));
        assert_eq!(
            describe(&[0xde, 0xad, 0, 0xbe, 0xef]),
            "its first 512 bytes are not a tar header"
        );
    }
}
