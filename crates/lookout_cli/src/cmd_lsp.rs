//! `lookout lsp`: the language server over stdio (see the `lookout_lsp` crate).

/// Run the language server on stdin/stdout (what editors start).
#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Accepted and ignored: stdio is the only transport (VS Code's language client
    /// passes `--stdio`).
    #[arg(long)]
    pub stdio: bool,
}

/// Exit code 0 after `shutdown` and `exit`; 1 after `exit` alone or a closed stdin (the
/// LSP spec's rule for `exit`).
pub fn run(_args: &LspArgs) -> anyhow::Result<u8> {
    Ok(lookout_lsp::serve_stdio()?.exit_code())
}
