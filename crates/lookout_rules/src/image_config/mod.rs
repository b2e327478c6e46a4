//! image_config rules (in progress).

pub static RULE_METAS: &[&crate::RuleMeta] = &[];
