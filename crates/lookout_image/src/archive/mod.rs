//! The outer archive: header index, blob access, manifest/index and config.

pub mod config;
pub mod layout;
pub mod sniff;
pub mod tar_index;
