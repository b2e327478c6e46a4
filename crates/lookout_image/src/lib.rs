//! Image archives, layers and catalogers (in progress).
