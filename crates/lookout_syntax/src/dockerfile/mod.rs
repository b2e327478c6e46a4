//! dockerfile (in progress).
