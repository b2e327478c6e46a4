//! Version schemes, OSV DB and matching (in progress).
