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

/// `go` build flags that take the next word as their value (`-tags x`); Go accepts them
/// with one or two dashes.
const FLAGS_WITH_VALUES: &[&str] = &[
    "C",
    "o",
    "p",
    "tags",
    "ldflags",
    "gcflags",
    "asmflags",
    "gccgoflags",
    "mod",
    "modfile",
    "overlay",
    "pgo",
    "pkgdir",
    "toolexec",
    "exec",
    "compiler",
    "buildmode",
    "installsuffix",
    "covermode",
    "coverpkg",
];

/// True for what is built from the build context rather than fetched: Go source files
/// (`main.go`), relative and absolute paths, and variables Lookout cannot resolve.
fn is_local(arg: &str) -> bool {
    arg.ends_with(".go")
        || arg.starts_with('.')
        || arg.starts_with('/')
        || arg.starts_with('-')
        || arg.starts_with('$')
}

fn is_pinned(pkg: &str) -> bool {
    if is_local(pkg) {
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
        let value_flags: Vec<String> = FLAGS_WITH_VALUES
            .iter()
            .flat_map(|f| [format!("-{f}"), format!("--{f}")])
            .collect();
        let value_flags: Vec<&str> = value_flags.iter().map(String::as_str).collect();
        let positionals = cmd.positionals(&value_flags);
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

#[cfg(test)]
mod tests {
    use crate::dockerfile::rules::test_support::fired;

    fn dl3062(run: &str) -> Vec<String> {
        let text = format!("FROM golang:1.23\n{run}\n");
        fired(&text, "DL3062")
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn local_go_files_are_not_modules() {
        assert!(dl3062("RUN go run main.go").is_empty());
        assert!(dl3062("RUN go run -tags x main.go").is_empty());
        assert!(dl3062("RUN go run --tags=x main.go util.go").is_empty());
        assert!(dl3062("RUN go run main.go util.go").is_empty());
        assert!(dl3062("RUN go run -exec wrapper ./cmd/app").is_empty());
        assert!(dl3062("RUN go build -o app main.go").is_empty());
    }

    #[test]
    fn remote_modules_without_a_version_are_flagged() {
        assert_eq!(dl3062("RUN go run github.com/x/y"), vec!["github.com/x/y"]);
        assert_eq!(
            dl3062("RUN go run -tags x golang.org/x/tools/cmd/stringer@latest"),
            vec!["golang.org/x/tools/cmd/stringer@latest"]
        );
        assert!(dl3062("RUN go run golang.org/x/tools/cmd/stringer@v0.26.0 -type T").is_empty());
    }

    #[test]
    fn go_install_still_checks_every_remote_target() {
        assert_eq!(
            dl3062("RUN go install -ldflags -s ./cmd/a example.com/b@v1 example.com/c"),
            vec!["example.com/c"]
        );
        assert!(dl3062("RUN go install ./... /src/app").is_empty());
        assert!(dl3062("RUN go install main.go").is_empty());
        assert_eq!(
            dl3062("RUN go install example.com/pkg@latest"),
            vec!["example.com/pkg@latest"]
        );
    }
}
