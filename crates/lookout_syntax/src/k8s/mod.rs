//! k8s (in progress).
