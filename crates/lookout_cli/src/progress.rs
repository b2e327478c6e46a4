//! A progress bar on stderr for long scans (layers and bytes), off when stderr is not a
//! terminal or with `--no-progress`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(enabled: bool) -> Self {
        let on = enabled && std::io::stderr().is_terminal();
        Self {
            bar: on.then(|| ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())),
        }
    }

    pub fn start(&self, layers: u64, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(bytes);
            bar.set_message(format!("0/{layers} layers"));
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{bar:30}] {bytes}/{total_bytes} {msg} ({eta})",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(layers.to_string());
        }
    }

    pub fn layer_done(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            let done = bar
                .message()
                .split('/')
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
                + 1;
            bar.set_message(format!("{done}/{} layers", bar.prefix()));
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
