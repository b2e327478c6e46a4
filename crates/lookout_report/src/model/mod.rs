//! The report model: plain serde data, versioned by each document's `schema` tag.

pub mod lint;
pub mod rules;
pub mod scan;
pub mod severity;
