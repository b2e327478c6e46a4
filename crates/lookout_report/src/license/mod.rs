//! Reading declared license strings as SPDX: a known identifier, a valid SPDX license
//! expression, or free text. SBOM formats need the distinction: CycloneDX puts ids in
//! `license.id` (checked against the SPDX list) and anything else in `license.name`; SPDX
//! documents accept only valid expressions, else `NOASSERTION`.

mod spdx_ids;

pub use spdx_ids::LICENSE_LIST_VERSION as SPDX_LICENSE_LIST_VERSION;

/// How one declared license string reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclaredLicense {
    /// One SPDX license id in its canonical spelling (`MIT`, `GPL-2.0-or-later`).
    Id(String),
    /// A compound SPDX expression, normalized (`MIT OR Apache-2.0`).
    Expression(String),
    /// Not SPDX: kept as written (`BSD`, `Public domain`).
    Name(String),
}

impl DeclaredLicense {
    /// The SPDX expression this license stands for, when it is one.
    #[must_use]
    pub fn spdx_expression(&self) -> Option<&str> {
        match self {
            Self::Id(id) | Self::Expression(id) => Some(id),
            Self::Name(_) => None,
        }
    }
}

/// Classify a declared license string.
#[must_use]
pub fn classify(text: &str) -> DeclaredLicense {
    let trimmed = text.trim();
    if let Some(id) = common_alias(trimmed).or_else(|| canonical_license(trimmed)) {
        return DeclaredLicense::Id(id.to_string());
    }
    match parse_expression(trimmed) {
        Some(Expr::License(id)) => DeclaredLicense::Id(id.to_string()),
        Some(expr) => DeclaredLicense::Expression(expr.render()),
        None => DeclaredLicense::Name(trimmed.to_string()),
    }
}

/// One SPDX expression for all of a package's declared licenses (joined with `AND`, as
/// each applies to part of the package), or `None` when any of them is not SPDX.
#[must_use]
pub fn combined_expression(licenses: &[String]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for license in licenses {
        let classified = classify(license);
        let expression = classified.spdx_expression()?;
        let part = if matches!(classified, DeclaredLicense::Expression(_)) && licenses.len() > 1 {
            format!("({expression})")
        } else {
            expression.to_string()
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

fn lookup<'a>(table: &[&'a str], word: &str) -> Option<&'a str> {
    let wanted = word.to_ascii_lowercase();
    table
        .binary_search_by(|probe| probe.to_ascii_lowercase().cmp(&wanted))
        .ok()
        .and_then(|i| table.get(i).copied())
}

fn canonical_license(word: &str) -> Option<&'static str> {
    lookup(spdx_ids::LICENSE_IDS, word)
}

fn canonical_exception(word: &str) -> Option<&'static str> {
    lookup(spdx_ids::EXCEPTION_IDS, word)
}

/// Spellings packages commonly declare that have one unambiguous SPDX id (the Fedora and
/// PyPI classifier conventions).
fn common_alias(text: &str) -> Option<&'static str> {
    let id = match text.to_ascii_lowercase().as_str() {
        "mit license" | "the mit license" | "expat" => "MIT",
        "apache 2.0"
        | "apache-2"
        | "apache 2"
        | "apache license 2.0"
        | "apache license, version 2.0"
        | "apache software license 2.0"
        | "asl 2.0" => "Apache-2.0",
        "isc license" => "ISC",
        "gplv2" => "GPL-2.0-only",
        "gplv2+" => "GPL-2.0-or-later",
        "gplv3" => "GPL-3.0-only",
        "gplv3+" => "GPL-3.0-or-later",
        "lgplv2+" => "LGPL-2.0-or-later",
        "lgplv2.1" => "LGPL-2.1-only",
        "lgplv2.1+" => "LGPL-2.1-or-later",
        "lgplv3" => "LGPL-3.0-only",
        "lgplv3+" => "LGPL-3.0-or-later",
        "mpl 2.0" | "mpl-2" => "MPL-2.0",
        _ => return None,
    };
    Some(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    License(&'static str),
    With(&'static str, &'static str),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    fn render(&self) -> String {
        match self {
            Self::License(id) => (*id).to_string(),
            Self::With(id, exception) => format!("{id} WITH {exception}"),
            Self::And(items) => items
                .iter()
                .map(|item| match item {
                    Self::Or(_) => format!("({})", item.render()),
                    _ => item.render(),
                })
                .collect::<Vec<_>>()
                .join(" AND "),
            Self::Or(items) => items
                .iter()
                .map(Self::render)
                .collect::<Vec<_>>()
                .join(" OR "),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    Open,
    Close,
    Word(&'a str),
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let is_separator = c.is_whitespace() || c == '(' || c == ')';
        if is_separator {
            if let Some(s) = start.take() {
                tokens.push(Token::Word(&text[s..i]));
            }
            match c {
                '(' => tokens.push(Token::Open),
                ')' => tokens.push(Token::Close),
                _ => {}
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push(Token::Word(&text[s..]));
    }
    tokens
}

/// A recursive-descent parser for SPDX license expressions (SPDX 2.3 annex D) over the
/// license list; `LicenseRef-` is refused because an SPDX document would have to declare it.
struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    at: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 32;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Token<'a>> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token<'a>> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn peek_operator(&self, operator: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(operator))
    }

    fn or(&mut self) -> Option<Expr> {
        let mut items = vec![self.and()?];
        while self.peek_operator("OR") {
            self.at += 1;
            items.push(self.and()?);
        }
        Some(if items.len() == 1 {
            items.pop()?
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Option<Expr> {
        let mut items = vec![self.with()?];
        while self.peek_operator("AND") {
            self.at += 1;
            items.push(self.with()?);
        }
        Some(if items.len() == 1 {
            items.pop()?
        } else {
            Expr::And(items)
        })
    }

    fn with(&mut self) -> Option<Expr> {
        let atom = self.atom()?;
        if self.peek_operator("WITH") {
            self.at += 1;
            let Expr::License(id) = atom else { return None };
            let Some(Token::Word(word)) = self.next() else {
                return None;
            };
            return Some(Expr::With(id, canonical_exception(word)?));
        }
        Some(atom)
    }

    fn atom(&mut self) -> Option<Expr> {
        match self.next()? {
            Token::Open => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let inner = self.or()?;
                self.depth -= 1;
                matches!(self.next()?, Token::Close).then_some(inner)
            }
            Token::Close => None,
            Token::Word(word) => {
                if ["AND", "OR", "WITH"]
                    .iter()
                    .any(|op| word.eq_ignore_ascii_case(op))
                {
                    return None;
                }
                canonical_license(word).map(Expr::License)
            }
        }
    }
}

fn parse_expression(text: &str) -> Option<Expr> {
    let mut parser = Parser {
        tokens: tokenize(text),
        at: 0,
        depth: 0,
    };
    let expr = parser.or()?;
    (parser.at == parser.tokens.len()).then_some(expr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_get_their_canonical_spelling() {
        assert_eq!(classify("mit"), DeclaredLicense::Id("MIT".into()));
        assert_eq!(
            classify("apache-2.0"),
            DeclaredLicense::Id("Apache-2.0".into())
        );
        assert_eq!(classify("GPL-2.0+"), DeclaredLicense::Id("GPL-2.0+".into()));
        assert_eq!(classify("(MIT)"), DeclaredLicense::Id("MIT".into()));
    }

    #[test]
    fn compound_expressions_are_normalized() {
        assert_eq!(
            classify("mit or apache-2.0"),
            DeclaredLicense::Expression("MIT OR Apache-2.0".into())
        );
        assert_eq!(
            classify("(MIT OR Apache-2.0) AND BSD-3-Clause"),
            DeclaredLicense::Expression("(MIT OR Apache-2.0) AND BSD-3-Clause".into())
        );
        assert_eq!(
            classify("GPL-2.0-only WITH Classpath-exception-2.0"),
            DeclaredLicense::Expression("GPL-2.0-only WITH Classpath-exception-2.0".into())
        );
    }

    #[test]
    fn free_text_stays_a_name() {
        for text in [
            "BSD",
            "Public Domain",
            "MIT AND",
            "(MIT",
            "LicenseRef-Proprietary",
            "MIT WITH MIT",
            "Classpath-exception-2.0",
        ] {
            assert!(matches!(classify(text), DeclaredLicense::Name(_)), "{text}");
        }
    }

    #[test]
    fn common_aliases_map_to_ids() {
        assert_eq!(classify("MIT License"), DeclaredLicense::Id("MIT".into()));
        assert_eq!(
            classify("GPLv2+"),
            DeclaredLicense::Id("GPL-2.0-or-later".into())
        );
    }

    #[test]
    fn combined_expression_needs_every_part_to_be_spdx() {
        let spdx = vec!["MIT".to_string(), "Apache-2.0 OR MIT".to_string()];
        assert_eq!(
            combined_expression(&spdx).as_deref(),
            Some("MIT AND (Apache-2.0 OR MIT)")
        );
        let mixed = vec!["MIT".to_string(), "BSD".to_string()];
        assert_eq!(combined_expression(&mixed), None);
        assert_eq!(combined_expression(&[]), None);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("{}MIT{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(matches!(classify(&text), DeclaredLicense::Name(_)));
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for table in [spdx_ids::LICENSE_IDS, spdx_ids::EXCEPTION_IDS] {
            assert!(table
                .windows(2)
                .all(|w| w[0].to_ascii_lowercase() < w[1].to_ascii_lowercase()));
        }
    }
}
