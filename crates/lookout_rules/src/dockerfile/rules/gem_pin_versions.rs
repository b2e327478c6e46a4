//! DL3028: `gem install` without pinned versions.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::list;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `gem install` of gems without a version (`gem:1.2.3` or `-v 1.2.3`).
    ///
    /// ## Why is this bad?
    /// Unpinned gems make builds unreproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN gem install bundler:2.5.22
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3028
    pub(crate) static META = {
        code: "DL3028", name: "gem-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for run in &ctx.runs {
        let mut unpinned = Vec::new();
        for cmd in run.script.named("gem") {
            let args = cmd.args();
            let Some(sub) = args.iter().position(|w| !w.text.starts_with('-')) else {
                continue;
            };
            if !args
                .get(sub)
                .is_some_and(|w| w.text == "install" || w.text == "i")
            {
                continue;
            }
            if cmd.has_flag(&["version"], &['v']) {
                continue;
            }
            let mut skip_value = false;
            for word in args.iter().skip(sub + 1) {
                if word.text == "--" {
                    break;
                }
                if skip_value {
                    skip_value = false;
                    continue;
                }
                if word.text.starts_with('-') {
                    // A long option without `=` takes the next word as its value.
                    skip_value = word.text.starts_with("--") && !word.text.contains('=');
                    continue;
                }
                if !word.text.contains(':') && !word.text.starts_with('$') {
                    unpinned.push(word);
                }
            }
        }
        if let Some(first) = unpinned.first() {
            out.push(ctx.diag(
                &META,
                first.range,
                format!(
                    "Pin versions in gem install (`{}:<version>`): {}",
                    first.text,
                    list(&unpinned)
                ),
            ));
        }
    }
}
