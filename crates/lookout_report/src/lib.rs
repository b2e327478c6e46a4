//! Report encoders (in progress).
