//! DL3062: `go install` / `go get` / `go run` without a pinned version.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `go install`, `go get` and `go run` of remote packages without `@version`
    /// (or with `@latest`).
    ///
    /// ## Why is this bad?
    /// Unpinned modules make builds unreproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3062
    pub(crate) static META = {
        code: "DL3062", name: "go-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

fn is_pinned(pkg: &str) -> bool {
    if pkg.starts_with('.') || pkg.starts_with('/') || pkg.starts_with('$') {
        return true;
    }
    match pkg.rsplit_once('@') {
        Some((_, version)) => version != "latest" && !version.is_empty(),
        None => false,
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        if !cmd.is("go") {
            continue;
        }
        let positionals = cmd.positionals(&[
            "-o", "-C", "-p", "-tags", "-ldflags", "-gcflags", "-mod", "-modfile",
        ]);
        let Some(sub) = positionals.first() else {
            continue;
        };
        let targets: Vec<_> = match sub.text.as_str() {
            "install" | "get" => positionals.iter().skip(1).collect(),
            "run" => positionals.iter().skip(1).take(1).collect(),
            _ => continue,
        };
        if let Some(pkg) = targets.into_iter().find(|p| !is_pinned(&p.text)) {
            out.push(ctx.diag(
                &META,
                pkg.range,
                format!(
                    "Pin the version of `{}` (`@vX.Y.Z`, not `@latest`)",
                    pkg.text
                ),
            ));
        }
    }
}
