//! Variable substitution as BuildKit's shell lexer does it for `FROM` lines: `$VAR`,
//! `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`,
//! `${VAR:?msg}`, quotes removed, escapes honoured.

/// The expanded text, and whether a variable without any value was met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub text: String,
    pub unresolved: bool,
}

/// Expand `text` with `lookup` (returns `None` for an unset variable).
pub fn expand(text: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Expansion {
    let mut state = Expander {
        chars: text.chars().collect(),
        pos: 0,
        escape,
        lookup,
        unresolved: false,
        depth: 0,
    };
    let text = state.word(&[]);
    Expansion {
        text,
        unresolved: state.unresolved,
    }
}

struct Expander<'a> {
    chars: Vec<char>,
    pos: usize,
    escape: char,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    unresolved: bool,
    depth: usize,
}

impl Expander<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// Read until one of `stops` (unquoted) or the end.
    fn word(&mut self, stops: &[char]) -> String {
        let mut out = String::new();
        while let Some(ch) = self.peek() {
            if stops.contains(&ch) {
                break;
            }
            self.pos += 1;
            match ch {
                '\'' => {
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == '\'' {
                            break;
                        }
                        out.push(c);
                    }
                }
                '"' => self.double_quoted(&mut out),
                '$' => self.dollar(&mut out),
                c if c == self.escape => {
                    if let Some(next) = self.peek() {
                        self.pos += 1;
                        out.push(next);
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    fn double_quoted(&mut self, out: &mut String) {
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '"' => return,
                '$' => self.dollar(out),
                c if c == self.escape => match self.peek() {
                    Some(n) if matches!(n, '"' | '$' | '\\' | '`') => {
                        self.pos += 1;
                        out.push(n);
                    }
                    _ => out.push(c),
                },
                c => out.push(c),
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                name.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        name
    }

    fn value(&mut self, name: &str) -> Option<String> {
        (self.lookup)(name)
    }

    fn dollar(&mut self, out: &mut String) {
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                self.braced(out);
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let name = self.name();
                match self.value(&name) {
                    Some(v) => out.push_str(&v),
                    None => self.unresolved = true,
                }
            }
            _ => out.push('$'),
        }
    }

    fn braced(&mut self, out: &mut String) {
        let name = self.name();
        let modifier = self.peek();
        if modifier == Some('}') {
            self.pos += 1;
            match self.value(&name) {
                Some(v) => out.push_str(&v),
                None => self.unresolved = true,
            }
            return;
        }
        let colon = modifier == Some(':');
        if colon {
            self.pos += 1;
        }
        let op = self.peek();
        self.pos += 1;
        // Bound recursion on pathological nesting.
        self.depth += 1;
        let word = if self.depth > 32 {
            String::new()
        } else {
            self.word(&['}'])
        };
        self.depth -= 1;
        if self.peek() == Some('}') {
            self.pos += 1;
        }
        let value = self.value(&name);
        let is_set = value.is_some();
        let is_nonempty = value.as_deref().is_some_and(|v| !v.is_empty());
        let present = if colon { is_nonempty } else { is_set };
        match op {
            Some('-') => {
                if present {
                    out.push_str(value.as_deref().unwrap_or(""));
                } else {
                    out.push_str(&word);
                }
            }
            Some('+') => {
                if present {
                    out.push_str(&word);
                }
            }
            Some('?') => {
                if present {
                    out.push_str(value.as_deref().unwrap_or(""));
                } else {
                    self.unresolved = true;
                }
            }
            // Pattern operators (`#`, `%`, `/`) are kept unexpanded: the value is unknown.
            _ => {
                if let Some(v) = value {
                    out.push_str(&v);
                }
                self.unresolved = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<String> {
        match name {
            "TAG" => Some("22.04".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    fn run(text: &str) -> (String, bool) {
        let e = expand(text, '\\', &lookup);
        (e.text, e.unresolved)
    }

    #[test]
    fn substitutions_follow_the_shell() {
        assert_eq!(run("ubuntu:$TAG"), ("ubuntu:22.04".into(), false));
        assert_eq!(run("ubuntu:${TAG}"), ("ubuntu:22.04".into(), false));
        assert_eq!(
            run("ubuntu:${NOPE:-latest}"),
            ("ubuntu:latest".into(), false)
        );
        assert_eq!(run("ubuntu:${EMPTY:-x}"), ("ubuntu:x".into(), false));
        assert_eq!(run("ubuntu:${EMPTY-x}"), ("ubuntu:".into(), false));
        assert_eq!(run("a${TAG:+-slim}"), ("a-slim".into(), false));
        assert_eq!(run("a${NOPE:+-slim}"), ("a".into(), false));
        assert_eq!(run("${NOPE}"), (String::new(), true));
        assert_eq!(run("\"ubuntu\":'x'"), ("ubuntu:x".into(), false));
        assert_eq!(run("${A:-${TAG}}"), ("22.04".into(), false));
    }
}
