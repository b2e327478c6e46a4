//! Just enough shell for the package-manager rules: split a `RUN` script into simple
//! commands (on `&&`, `||`, `;`, `|`, `&`, newlines, parentheses), split each into words
//! with quotes removed, drop redirections, and keep every word's source range.
//! Not a shell parser: no expansion, no control-flow understanding (by design, see the
//! rule catalogue: only rules that need no more than this are implemented).

use lookout_diagnostics::TextRange;

/// One word of a command, unquoted, with its source range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    pub text: String,
    pub range: TextRange,
}

/// A simple command: leading `VAR=value` assignments, then the words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    pub assignments: Vec<ShellWord>,
    pub words: Vec<ShellWord>,
}

/// Separators between commands, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    And,
    Or,
    Pipe,
    Semicolon,
    Background,
    Newline,
    Paren,
}

/// A script: its commands in order and the separators met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<Command>,
    pub separators: Vec<Separator>,
}

impl Script {
    pub fn has_pipe(&self) -> bool {
        self.separators.contains(&Separator::Pipe)
    }

    /// Commands named `name` (`apt-get`), in order.
    pub fn named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Command> + 's {
        self.commands.iter().filter(move |c| c.is(name))
    }

    pub fn append(&mut self, other: Script) {
        self.commands.extend(other.commands);
        self.separators.extend(other.separators);
    }
}

impl Command {
    /// The program name (first word), without a leading path (`/usr/bin/apt-get`).
    pub fn name(&self) -> Option<&str> {
        self.words
            .first()
            .map(|w| w.text.rsplit('/').next().unwrap_or(&w.text))
    }

    pub fn is(&self, name: &str) -> bool {
        self.name() == Some(name)
    }

    pub fn args(&self) -> &[ShellWord] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// Source range from the first to the last word.
    pub fn range(&self) -> TextRange {
        match (self.words.first(), self.words.last()) {
            (Some(first), Some(last)) => first.range.cover(last.range),
            _ => TextRange::default(),
        }
    }

    /// True when a long flag (`--yes`, `--yes=…`) or a short flag letter (`-y`, inside
    /// `-qy`) is present among the arguments before `--`.
    pub fn has_flag(&self, long: &[&str], short: &[char]) -> bool {
        self.flag_words()
            .any(|w| flag_matches(&w.text, long, short))
    }

    /// Arguments that look like flags (before a bare `--`).
    pub fn flag_words(&self) -> impl Iterator<Item = &ShellWord> {
        self.args()
            .iter()
            .take_while(|w| w.text != "--")
            .filter(|w| w.text.starts_with('-') && w.text.len() > 1)
    }

    /// Count of flag occurrences (for `-q -q`, `-qq`).
    pub fn count_short_flag(&self, short: char) -> usize {
        self.flag_words()
            .filter(|w| !w.text.starts_with("--"))
            .map(|w| {
                let letters = w.text.trim_start_matches('-');
                let letters = letters.split('=').next().unwrap_or("");
                letters.chars().filter(|c| *c == short).count()
            })
            .sum()
    }

    /// Positional arguments (not flags, not values of `flags_with_values`).
    pub fn positionals(&self, flags_with_values: &[&str]) -> Vec<&ShellWord> {
        let mut out = Vec::new();
        let mut skip_next = false;
        let mut after_dashdash = false;
        for word in self.args() {
            if skip_next {
                skip_next = false;
                continue;
            }
            if after_dashdash {
                out.push(word);
                continue;
            }
            if word.text == "--" {
                after_dashdash = true;
                continue;
            }
            if word.text.starts_with('-') && word.text.len() > 1 {
                if !word.text.contains('=') && flags_with_values.contains(&word.text.as_str()) {
                    skip_next = true;
                }
                continue;
            }
            out.push(word);
        }
        out
    }

    /// The first positional argument (a subcommand like `install`).
    pub fn subcommand(&self, flags_with_values: &[&str]) -> Option<&ShellWord> {
        self.positionals(flags_with_values).into_iter().next()
    }
}

fn flag_matches(word: &str, long: &[&str], short: &[char]) -> bool {
    if let Some(name) = word.strip_prefix("--") {
        let name = name.split('=').next().unwrap_or("");
        return long.contains(&name);
    }
    let Some(letters) = word.strip_prefix('-') else {
        return false;
    };
    let letters = letters.split('=').next().unwrap_or("");
    letters.chars().any(|c| short.contains(&c))
}

/// Split `text` into a script. `map` turns an offset in `text` into a source offset range
/// start/end (`map(start, end)`).
pub fn split(text: &str, map: &dyn Fn(usize, usize) -> TextRange) -> Script {
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        script: Script::default(),
        current: Command::default(),
        word: None,
        skip_next_word: false,
        map,
    };
    lexer.run();
    lexer.script
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    script: Script,
    current: Command,
    /// The word being read: (start offset, unquoted text).
    word: Option<(usize, String)>,
    /// The next word is a redirection target (`> file`).
    skip_next_word: bool,
    map: &'a dyn Fn(usize, usize) -> TextRange,
}

impl Lexer<'_> {
    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            match b {
                b' ' | b'\t' | b'\r' => {
                    self.end_word();
                    self.pos += 1;
                }
                b'\n' => {
                    self.end_command(Separator::Newline);
                    self.pos += 1;
                }
                b'#' if self.word.is_none() => {
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'&' | b'|' | b';' | b'(' | b')' => self.operator(b),
                b'>' | b'<' => self.redirection(),
                b'\'' => {
                    self.start_word();
                    self.pos += 1;
                    let start = self.pos;
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\'' {
                        self.pos += 1;
                    }
                    let piece = self.text.get(start..self.pos).unwrap_or("").to_string();
                    self.push_str(&piece);
                    self.pos += 1;
                }
                b'"' => {
                    self.start_word();
                    self.pos += 1;
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'"' {
                        if self.bytes[self.pos] == b'\\'
                            && matches!(
                                self.bytes.get(self.pos + 1),
                                Some(b'"' | b'\\' | b'$' | b'`')
                            )
                        {
                            self.pos += 1;
                        }
                        self.push_char_at();
                    }
                    self.pos += 1;
                }
                b'\\' => {
                    self.start_word();
                    self.pos += 1;
                    if self.pos < self.bytes.len() {
                        if self.bytes[self.pos] == b'\n' {
                            self.pos += 1;
                        } else {
                            self.push_char_at();
                        }
                    }
                }
                b'$' if self.bytes.get(self.pos + 1) == Some(&b'(') => {
                    self.copy_balanced(b'(', b')')
                }
                b'$' if self.bytes.get(self.pos + 1) == Some(&b'{') => {
                    self.copy_balanced(b'{', b'}')
                }
                b'`' => {
                    self.start_word();
                    let start = self.pos;
                    self.pos += 1;
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'`' {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 1).min(self.bytes.len());
                    let piece = self.text.get(start..self.pos).unwrap_or("").to_string();
                    self.push_str(&piece);
                }
                _ => {
                    self.start_word();
                    // Copy a run of ordinary bytes at once.
                    let start = self.pos;
                    while self.pos < self.bytes.len() && !is_special(self.bytes[self.pos]) {
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.push_char_at();
                    } else if let Some(piece) = self.text.get(start..self.pos) {
                        if let Some((_, w)) = self.word.as_mut() {
                            w.push_str(piece);
                        }
                    }
                }
            }
        }
        self.end_command(Separator::Newline);
        self.script.separators.pop();
    }

    fn start_word(&mut self) {
        if self.word.is_none() {
            self.word = Some((self.pos, String::new()));
        }
    }

    fn push_str(&mut self, s: &str) {
        if let Some((_, w)) = self.word.as_mut() {
            w.push_str(s);
        }
    }

    /// Push the character at `pos` and advance past it.
    fn push_char_at(&mut self) {
        let Some(ch) = self.text.get(self.pos..).and_then(|r| r.chars().next()) else {
            self.pos += 1;
            return;
        };
        self.start_word();
        if let Some((_, w)) = self.word.as_mut() {
            w.push(ch);
        }
        self.pos += ch.len_utf8();
    }

    /// `$( … )` / `${ … }` copied into the word as written.
    fn copy_balanced(&mut self, open: u8, close: u8) {
        self.start_word();
        let start = self.pos;
        self.pos += 2;
        let mut depth = 1;
        while self.pos < self.bytes.len() && depth > 0 {
            let b = self.bytes[self.pos];
            if b == open {
                depth += 1;
            } else if b == close {
                depth -= 1;
            }
            self.pos += 1;
        }
        let piece = self.text.get(start..self.pos).unwrap_or("").to_string();
        self.push_str(&piece);
    }

    fn end_word(&mut self) {
        if let Some((start, text)) = self.word.take() {
            if self.skip_next_word {
                self.skip_next_word = false;
                return;
            }
            let word = ShellWord {
                text,
                range: (self.map)(start, self.pos),
            };
            if self.current.words.is_empty() && is_assignment(&word.text) {
                self.current.assignments.push(word);
            } else {
                self.current.words.push(word);
            }
        }
    }

    fn end_command(&mut self, separator: Separator) {
        self.end_word();
        self.skip_next_word = false;
        let command = std::mem::take(&mut self.current);
        if !command.words.is_empty() || !command.assignments.is_empty() {
            self.script.commands.push(command);
        }
        self.script.separators.push(separator);
    }

    fn operator(&mut self, b: u8) {
        let next = self.bytes.get(self.pos + 1).copied();
        let (separator, len) = match (b, next) {
            (b'&', Some(b'&')) => (Separator::And, 2),
            (b'|', Some(b'|')) => (Separator::Or, 2),
            (b'&', Some(b'>')) => {
                // `&>file` redirection.
                self.end_word();
                self.pos += 2;
                self.skip_next_word = true;
                return;
            }
            (b'&', _) => (Separator::Background, 1),
            (b'|', _) => (Separator::Pipe, 1),
            (b';', _) => (Separator::Semicolon, 1),
            _ => (Separator::Paren, 1),
        };
        self.end_command(separator);
        self.pos += len;
    }

    fn redirection(&mut self) {
        // A word made only of digits right before is a file descriptor (`2>`).
        if let Some((_, w)) = &self.word {
            if w.bytes().all(|c| c.is_ascii_digit()) {
                self.word = None;
            }
        }
        self.end_word();
        while matches!(self.bytes.get(self.pos), Some(b'>' | b'<')) {
            self.pos += 1;
        }
        // `2>&1`: the target is the descriptor right after.
        if self.bytes.get(self.pos) == Some(&b'&') {
            self.pos += 1;
            while matches!(self.bytes.get(self.pos), Some(c) if c.is_ascii_digit() || *c == b'-') {
                self.pos += 1;
            }
            return;
        }
        if self.bytes.get(self.pos) == Some(&b'|') {
            self.pos += 1;
        }
        self.skip_next_word = true;
    }
}

/// Bytes the lexer must look at one by one.
fn is_special(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'#'
            | b'&'
            | b'|'
            | b';'
            | b'('
            | b')'
            | b'>'
            | b'<'
            | b'\''
            | b'"'
            | b'\\'
            | b'$'
            | b'`'
    )
}

fn is_assignment(word: &str) -> bool {
    let Some((name, _)) = word.split_once('=') else {
        return false;
    };
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn words(script: &Script) -> Vec<Vec<String>> {
        script
            .commands
            .iter()
            .map(|c| c.words.iter().map(|w| w.text.clone()).collect())
            .collect()
    }

    fn run(text: &str) -> Script {
        split(text, &|s, e| TextRange::new(s, e))
    }

    #[test]
    fn splits_commands_and_words() {
        let s = run("apt-get update && DEBIAN_FRONTEND=x apt-get install -y 'a b' \"c\" | wc -l > /out 2>&1; echo $(date)");
        assert_eq!(
            words(&s),
            vec![
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "a b", "c"],
                vec!["wc", "-l"],
                vec!["echo", "$(date)"],
            ]
        );
        assert!(s.has_pipe());
        assert_eq!(s.commands[1].assignments[0].text, "DEBIAN_FRONTEND=x");
        assert_eq!(s.commands[1].words[3].range, TextRange::new(55, 60));
    }

    #[test]
    fn flags_are_recognised_in_clusters() {
        let s = run("apt-get install -qy --no-install-recommends x");
        let c = &s.commands[0];
        assert!(c.has_flag(&["yes"], &['y']));
        assert!(c.has_flag(&["no-install-recommends"], &[]));
        assert!(!c.has_flag(&["assume-no"], &['n']));
        assert_eq!(c.positionals(&[]).len(), 2);
    }
}
