//! A plain-text grid with ASCII borders, sized in characters. Hand-rolled because the
//! report crate stays dependency-free beyond serde (it builds for wasm and the web page
//! shows the same text); comfy-table would pull terminal detection we never use.

/// Cells longer than this are cut with `…` so one long title cannot blow up the table.
const MAX_CELL_CHARS: usize = 60;

pub(crate) struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Grid {
    pub(crate) fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.into_iter().map(clean_cell).collect());
    }

    pub(crate) fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let rule = {
            let mut line = String::from("+");
            for width in &widths {
                line.push_str(&"-".repeat(width + 2));
                line.push('+');
            }
            line.push('\n');
            line
        };
        let format_row = |cells: &[String]| {
            let mut line = String::from("|");
            for column in 0..columns {
                let cell = cells.get(column).map_or("", String::as_str);
                let width = widths.get(column).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count());
                line.push(' ');
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 1));
                line.push('|');
            }
            line.push('\n');
            line
        };
        let mut out = String::new();
        out.push_str(&rule);
        out.push_str(&format_row(&self.header));
        out.push_str(&rule);
        for row in &self.rows {
            out.push_str(&format_row(row));
        }
        out.push_str(&rule);
        out
    }
}

/// One line, control characters removed, cut to [`MAX_CELL_CHARS`].
fn clean_cell(text: String) -> String {
    let single_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if single_line.chars().count() > MAX_CELL_CHARS {
        let mut cut: String = single_line.chars().take(MAX_CELL_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        single_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_on_characters_not_bytes() {
        let mut grid = Grid::new(&["a", "b"]);
        grid.row(vec!["é".into(), "x".into()]);
        grid.row(vec!["long".into(), "y\nz".into()]);
        let text = grid.render();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines
            .iter()
            .all(|l| l.chars().count() == lines[0].chars().count()));
        assert!(text.contains("| y z |"));
    }

    #[test]
    fn long_cells_are_cut() {
        let mut grid = Grid::new(&["title"]);
        grid.row(vec!["x".repeat(500)]);
        assert!(grid.render().contains('…'));
        assert!(grid.render().lines().all(|l| l.chars().count() < 70));
    }
}
