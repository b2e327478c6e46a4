//! Pure parsers with byte spans: Dockerfiles (BuildKit grammar), YAML keeping positions,
//! the Kubernetes workload model on top of it, and suppression comments.

pub mod dockerfile;
pub mod image_ref;
pub mod k8s;
pub mod suppression;
pub mod yaml;
