//! Exec-form arguments: a JSON array of strings, decoded with the span of every element.
//! Written by hand because the spans are needed; `serde_json` only decides whether text
//! that is not a string array is still valid JSON (BuildKit then errors instead of falling
//! back to shell form).

use super::words::RawWord;

/// How the text after an instruction reads as JSON.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonArgs {
    /// A JSON array of strings.
    Strings(Vec<RawWord>),
    /// Valid JSON array holding something other than strings (a BuildKit error).
    NotStringArray,
    /// Not a JSON array: the instruction is in shell form.
    NotJson,
}

/// Parse `line[start..end]` (leading whitespace allowed) as a JSON array of strings.
pub(crate) fn parse_json_args(line: &str, start: usize, end: usize) -> JsonArgs {
    let Some(text) = line.get(start..end) else {
        return JsonArgs::NotJson;
    };
    let trimmed = text.trim_start();
    if !trimmed.starts_with('[') {
        return JsonArgs::NotJson;
    }
    let base = start + (text.len() - trimmed.len());
    match scan_string_array(trimmed) {
        Some(items) => JsonArgs::Strings(
            items
                .into_iter()
                .map(|(text, s, e)| RawWord {
                    text,
                    start: base + s,
                    end: base + e,
                })
                .collect(),
        ),
        None => match serde_json::from_str::<serde_json::Value>(trimmed) {
            Ok(serde_json::Value::Array(_)) => JsonArgs::NotStringArray,
            _ => JsonArgs::NotJson,
        },
    }
}

/// `[ "a", "b" ]` → decoded strings with their literal's offsets; `None` when the text is
/// not exactly an array of strings followed by whitespace.
fn scan_string_array(text: &str) -> Option<Vec<(String, usize, usize)>> {
    let bytes = text.as_bytes();
    let mut i = 1; // past '['
    let mut items = Vec::new();
    skip_ws(bytes, &mut i);
    if bytes.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            skip_ws(bytes, &mut i);
            let start = i;
            let value = scan_string(text, &mut i)?;
            items.push((value, start, i));
            skip_ws(bytes, &mut i);
            match bytes.get(i) {
                Some(b',') => i += 1,
                Some(b']') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    skip_ws(bytes, &mut i);
    (i == bytes.len()).then_some(items)
}

fn skip_ws(bytes: &[u8], i: &mut usize) {
    while matches!(bytes.get(*i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        *i += 1;
    }
}

fn scan_string(text: &str, i: &mut usize) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.get(*i) != Some(&b'"') {
        return None;
    }
    *i += 1;
    let mut out = String::new();
    loop {
        let rest = text.get(*i..)?;
        let ch = rest.chars().next()?;
        match ch {
            '"' => {
                *i += 1;
                return Some(out);
            }
            '\\' => {
                let esc = *bytes.get(*i + 1)?;
                *i += 2;
                match esc {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let unit = hex4(text, i)?;
                        if (0xD800..0xDC00).contains(&unit) {
                            // A surrogate pair; a lone half decodes to U+FFFD as in Go.
                            if text.get(*i..*i + 2) == Some("\\u") {
                                let save = *i;
                                *i += 2;
                                let low = hex4(text, i)?;
                                if (0xDC00..0xE000).contains(&low) {
                                    let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                    out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                                } else {
                                    out.push('\u{fffd}');
                                    *i = save;
                                }
                            } else {
                                out.push('\u{fffd}');
                            }
                        } else {
                            out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                        }
                    }
                    _ => return None,
                }
            }
            c if (c as u32) < 0x20 => return None,
            c => {
                out.push(c);
                *i += c.len_utf8();
            }
        }
    }
}

fn hex4(text: &str, i: &mut usize) -> Option<u32> {
    let digits = text.get(*i..*i + 4)?;
    let value = u32::from_str_radix(digits, 16).ok()?;
    *i += 4;
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_decoded_with_spans() {
        let line = r#"CMD [ "a", "b\"c" ]"#;
        let JsonArgs::Strings(items) = parse_json_args(line, 4, line.len()) else {
            panic!("not parsed");
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].text, "a");
        assert_eq!(&line[items[0].start..items[0].end], "\"a\"");
        assert_eq!(items[1].text, "b\"c");
    }

    #[test]
    fn nested_arrays_are_an_error_and_broken_json_is_shell() {
        let line = r#"[ "echo", [ "nested json" ] ]"#;
        assert_eq!(
            parse_json_args(line, 0, line.len()),
            JsonArgs::NotStringArray
        );
        let line = "['echo']";
        assert_eq!(parse_json_args(line, 0, line.len()), JsonArgs::NotJson);
        let line = r#"["echo", "unterminated"#;
        assert_eq!(parse_json_args(line, 0, line.len()), JsonArgs::NotJson);
    }
}
