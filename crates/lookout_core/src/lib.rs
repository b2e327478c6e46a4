//! The façade every face calls (in progress).
