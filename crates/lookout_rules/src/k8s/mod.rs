//! k8s rules (in progress).

pub static RULE_METAS: &[&crate::RuleMeta] = &[];
