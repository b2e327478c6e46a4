//! Mutations of valid inputs for the never-panic tests.

/// Every prefix ending on a character boundary.
pub fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .filter_map(|i| text.get(..i))
}

/// Copies of `text` with the character at each position replaced by each of `specials`.
pub fn substitutions(text: &str) -> Vec<String> {
    let specials = [
        '%',
        '@',
        '/',
        '?',
        '#',
        ':',
        '"',
        '&',
        '=',
        '\u{1F600}',
        ' ',
    ];
    let mut out = Vec::new();
    for (index, ch) in text.char_indices() {
        for special in specials {
            let mut copy = String::with_capacity(text.len() + 4);
            copy.push_str(text.get(..index).unwrap_or(""));
            copy.push(special);
            copy.push_str(text.get(index + ch.len_utf8()..).unwrap_or(""));
            out.push(copy);
        }
    }
    out
}
