//! The Kubernetes workload model over [`crate::yaml`]: objects of every document (and of
//! `List` kinds), the pod spec of each workload kind, containers of every kind, and the
//! effective security context of each container.
//!
//! YAML that is not a Kubernetes object (a workflow, a compose file, a Helm template that
//! does not parse) yields no objects; nothing here panics on any input.

mod fields;
mod pod;
mod security;

pub use fields::{Field, KeyValue, MapLoc, SeqLoc, Text};
pub use pod::{
    Container, ContainerKind, ContainerPort, HostPath, PodSpec, Probe, Resources, Volume,
    VolumeMount,
};
pub use security::{
    Capabilities, EffectiveSecurityContext, Inherited, Profile, SeLinuxOptions, SecurityContext,
    Source, Sysctl,
};

use lookout_diagnostics::TextRange;

use crate::yaml::{self, Node, YamlError};

/// Kinds whose pod spec is at `spec.template.spec`.
const TEMPLATE_KINDS: &[&str] = &[
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "ReplicationController",
    "DeploymentConfig",
];

/// How deep `List` items may nest (a `List` of `List`s is legal but never deeper in
/// practice).
const MAX_LIST_DEPTH: usize = 4;

/// One Kubernetes object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct K8sObject {
    pub api_version: Option<Field<Text>>,
    pub kind: Field<Text>,
    pub name: Option<Field<Text>>,
    pub namespace: Option<Field<Text>>,
    pub labels: Vec<KeyValue>,
    /// The object's mapping.
    pub range: TextRange,
    /// The pod spec of workload kinds (Pod, Deployment, CronJob, …).
    pub pod: Option<PodSpec>,
}

impl K8sObject {
    /// `Deployment/web`, for messages.
    #[must_use]
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(name) => format!("{}/{}", self.kind.value, name.value),
            None => self.kind.value.to_string(),
        }
    }
}

/// The objects of one YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct K8sDocument {
    pub range: TextRange,
    pub objects: Vec<K8sObject>,
}

/// A parsed manifest file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct K8sFile {
    pub documents: Vec<K8sDocument>,
    /// YAML errors (syntax, refused aliases, nesting), with where they are.
    pub errors: Vec<YamlError>,
    /// Comment ranges, for suppressions.
    pub comments: Vec<TextRange>,
}

impl K8sFile {
    /// Every object of every document, in order.
    pub fn objects(&self) -> impl Iterator<Item = &K8sObject> {
        self.documents.iter().flat_map(|d| d.objects.iter())
    }
}

/// Parse a manifest file into Kubernetes objects.
#[must_use]
pub fn parse(text: &str) -> K8sFile {
    from_yaml(yaml::parse(text))
}

/// Parse the documents of `text[part]` (see [`yaml::parse_part`]): the halves of a big
/// file can be read on two threads.
#[must_use]
pub fn parse_part(text: &str, part: std::ops::Range<usize>) -> K8sFile {
    from_yaml(yaml::parse_part(text, part, yaml::Limits::default()))
}

fn from_yaml(parsed: yaml::YamlFile) -> K8sFile {
    let documents = parsed
        .documents
        .iter()
        .map(|doc| {
            let mut objects = Vec::new();
            if let Some(root) = &doc.root {
                collect_objects(root, 0, &mut objects);
            }
            K8sDocument {
                range: doc.range,
                objects,
            }
        })
        .collect();
    K8sFile {
        documents,
        errors: parsed.errors,
        comments: parsed.comments,
    }
}

/// Cheap test for "this YAML is meant as Kubernetes": a top-level `apiVersion` and `kind`
/// (a line starting with each, or both keys in a JSON document).
#[must_use]
pub fn looks_like_kubernetes(text: &str) -> bool {
    let mut api_version = false;
    let mut kind = false;
    for line in text.lines() {
        api_version |= line.starts_with("apiVersion:");
        kind |= line.starts_with("kind:");
        if api_version && kind {
            return true;
        }
    }
    text.trim_start().starts_with('{')
        && text.contains("\"apiVersion\"")
        && text.contains("\"kind\"")
}

fn collect_objects(node: &Node, depth: usize, out: &mut Vec<K8sObject>) {
    let Some(kind) = fields::string(node, "kind") else {
        return;
    };
    let api_version = fields::string(node, "apiVersion");
    if api_version.is_none() {
        return;
    }
    if kind.value == "List" || kind.value.ends_with("List") {
        if depth < MAX_LIST_DEPTH {
            for item in node.get("items").into_iter().flat_map(Node::items) {
                collect_objects(item, depth + 1, out);
            }
        }
        return;
    }
    let metadata = node.get("metadata");
    let pod = pod_spec(node, &kind.value);
    out.push(K8sObject {
        api_version,
        name: metadata.and_then(|m| fields::string(m, "name")),
        namespace: metadata.and_then(|m| fields::string(m, "namespace")),
        labels: fields::key_values(metadata.and_then(|m| m.get("labels"))),
        kind,
        range: node.range,
        pod,
    });
}

/// The pod spec of a workload object, with the metadata its pods get.
fn pod_spec(object: &Node, kind: &str) -> Option<PodSpec> {
    let template = match kind {
        "Pod" => object,
        "PodTemplate" => object.get("template")?,
        "CronJob" => object
            .get("spec")?
            .get("jobTemplate")?
            .get("spec")?
            .get("template")?,
        _ if TEMPLATE_KINDS.contains(&kind) => object.get("spec")?.get("template")?,
        _ => return None,
    };
    let spec = template.entry("spec")?;
    spec.value.as_mapping()?;
    Some(PodSpec::read(
        spec.key.range,
        &spec.value,
        template.get("metadata"),
    ))
}
