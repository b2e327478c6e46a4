//! Stages (`FROM … AS name`) and global `ARG`s, with `FROM` images resolved through the
//! global `ARG` defaults.

use super::expand::expand;
use super::model::{Dockerfile, GlobalArg, InstructionKind, Stage, Word};

pub(crate) fn derive_stages(df: &mut Dockerfile) {
    let escape = df.escape;
    let mut stages: Vec<Stage> = Vec::new();
    let mut global_args: Vec<GlobalArg> = Vec::new();
    for (index, ins) in df.instructions.iter_mut().enumerate() {
        if ins.kind == InstructionKind::From {
            let image = ins.words.first().cloned().unwrap_or_else(|| Word {
                text: String::new(),
                range: ins.range,
            });
            let name = (ins.words.len() == 3)
                .then(|| ins.words.get(2).cloned())
                .flatten();
            let expansion = expand(&image.text, escape, &|var| lookup_in(&global_args, var));
            let resolved = expansion.text;
            let base_stage = stages
                .iter()
                .find(|s| {
                    s.name
                        .as_ref()
                        .is_some_and(|n| n.text.eq_ignore_ascii_case(&resolved))
                })
                .map(|s| s.index);
            let platform = ins.flag("platform").and_then(|f| f.value.clone());
            let stage_index = stages.len();
            ins.stage = Some(stage_index);
            stages.push(Stage {
                index: stage_index,
                from_instruction: index,
                image,
                resolved_image: resolved,
                has_unresolved_variables: expansion.unresolved,
                name,
                platform,
                base_stage,
                instructions: Vec::new(),
            });
            continue;
        }
        match stages.last_mut() {
            Some(stage) => {
                ins.stage = Some(stage.index);
                stage.instructions.push(index);
                if let Some(inner) = ins.onbuild.as_deref_mut() {
                    inner.stage = Some(stage.index);
                }
            }
            None if ins.kind == InstructionKind::Arg => {
                for pair in &ins.pairs {
                    let default = pair
                        .value
                        .as_ref()
                        .map(|v| expand(&v.text, escape, &|var| lookup_in(&global_args, var)).text);
                    global_args.push(GlobalArg {
                        name: pair.key.text.clone(),
                        default,
                        range: pair
                            .key
                            .range
                            .cover(pair.value.as_ref().map_or(pair.key.range, |v| v.range)),
                    });
                }
            }
            None => {}
        }
    }
    df.stages = stages;
    df.global_args = global_args;
}

/// The value of a global `ARG` declared so far (the last declaration wins).
fn lookup_in(args: &[GlobalArg], var: &str) -> Option<String> {
    args.iter()
        .rev()
        .find(|a| a.name == var)
        .and_then(|a| a.default.clone())
}
