//! Which user the final image runs as: the last `USER` of the final stage, following
//! `FROM <stage>` inheritance.

use lookout_syntax::dockerfile::{Dockerfile, Instruction, InstructionKind, Stage};

pub enum FinalUser<'a> {
    /// The `USER` instruction that decides it.
    Set(&'a Instruction),
    /// No `USER` anywhere in the final stage's chain.
    Unset(&'a Stage),
    /// The file has no stage.
    NoStage,
}

fn last_user<'a>(df: &'a Dockerfile, indices: &[usize]) -> Option<&'a Instruction> {
    indices
        .iter()
        .rev()
        .filter_map(|i| df.instructions.get(*i))
        .find(|ins| ins.kind == InstructionKind::User)
}

pub fn final_user(df: &Dockerfile) -> FinalUser<'_> {
    let Some(last) = df.stages.last() else {
        let all: Vec<usize> = (0..df.instructions.len()).collect();
        return last_user(df, &all).map_or(FinalUser::NoStage, FinalUser::Set);
    };
    let mut stage = last;
    // Each hop goes to an earlier stage, so this ends.
    loop {
        if let Some(user) = last_user(df, &stage.instructions) {
            return FinalUser::Set(user);
        }
        match stage.base_stage.and_then(|b| df.stages.get(b)) {
            Some(base) if base.index < stage.index => stage = base,
            _ => return FinalUser::Unset(last),
        }
    }
}

/// `root`, `0`, `root:root`, `0:0` (quotes removed).
pub fn is_root(user: &str) -> bool {
    let name = user.trim().trim_matches(['"', '\'']);
    let name = name.split(':').next().unwrap_or("");
    name == "root" || name == "0"
}
