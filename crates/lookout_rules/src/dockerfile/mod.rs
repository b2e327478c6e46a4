//! dockerfile rules (in progress).

pub static RULE_METAS: &[&crate::RuleMeta] = &[];
