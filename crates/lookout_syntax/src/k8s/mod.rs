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
    /// Documents holding template actions (`{{ … }}`) as structure: Helm chart templates,
    /// which are YAML only once rendered. Their objects and errors are not linted.
    pub templated: Vec<TextRange>,
    /// Mapping keys written a second time in the same mapping (the later key's range and
    /// text): invalid YAML that `kubectl apply` rejects, and where the values differ the
    /// model reads the last, as Kubernetes' decoder does.
    pub duplicate_keys: Vec<(TextRange, String)>,
}

impl K8sFile {
    /// Every object of every document, in order (templated documents' too).
    pub fn objects(&self) -> impl Iterator<Item = &K8sObject> {
        self.documents.iter().flat_map(|d| d.objects.iter())
    }

    /// Whether `range` starts in a templated document (see [`K8sFile::templated`]). The
    /// document's end counts: an unclosed bracket is reported where the text ran out.
    #[must_use]
    pub fn is_templated(&self, range: TextRange) -> bool {
        self.templated
            .iter()
            .any(|t| t.start() <= range.start() && range.start() <= t.end())
    }
}

/// Parse a manifest file into Kubernetes objects.
#[must_use]
pub fn parse(text: &str) -> K8sFile {
    from_yaml(text, 0..text.len(), yaml::parse(text))
}

/// Parse the documents of `text[part]` (see [`yaml::parse_part`]): the halves of a big
/// file can be read on two threads.
#[must_use]
pub fn parse_part(text: &str, part: std::ops::Range<usize>) -> K8sFile {
    let parsed = yaml::parse_part(text, part.clone(), yaml::Limits::default());
    from_yaml(text, part, parsed)
}

fn from_yaml(text: &str, part: std::ops::Range<usize>, parsed: yaml::YamlFile) -> K8sFile {
    let templated = template_regions(text, part, &parsed.strings, &parsed.comments);
    let mut duplicate_keys = Vec::new();
    for root in parsed.documents.iter().filter_map(|d| d.root.as_ref()) {
        find_duplicate_keys(root, &mut duplicate_keys);
    }
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
        templated,
        duplicate_keys,
    }
}

/// Every scalar key written twice in one mapping under `root` (merge keys `<<` aside; a
/// node copied from an alias is checked where its anchor is).
fn find_duplicate_keys(root: &Node, out: &mut Vec<(TextRange, String)>) {
    // A stack, not recursion: nesting is as deep as the parser allowed.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.alias_range.is_some() {
            continue;
        }
        match &node.kind {
            yaml::NodeKind::Mapping(m) => {
                let keys: Vec<(&str, TextRange)> =
                    m.scalar_entries().map(|(k, e)| (k, e.key.range)).collect();
                // A handful of keys is compared pairwise; a big ConfigMap's through a set.
                if keys.len() <= 32 {
                    for (i, (key, range)) in keys.iter().enumerate() {
                        if keys[..i].iter().any(|(earlier, _)| earlier == key) {
                            out.push((*range, (*key).to_string()));
                        }
                    }
                } else {
                    let mut seen = std::collections::HashSet::with_capacity(keys.len());
                    for (key, range) in &keys {
                        if !seen.insert(*key) {
                            out.push((*range, (*key).to_string()));
                        }
                    }
                }
                for e in &m.entries {
                    stack.push(&e.value);
                }
            }
            yaml::NodeKind::Sequence(s) => stack.extend(s.items.iter()),
            yaml::NodeKind::Scalar(_) => {}
        }
    }
}

/// The documents of `text[part]` (from one `---` line to the next) with a template action
/// `{{` outside comments and quoted or block scalars. A `{{` in a value (an Alertmanager
/// template in a ConfigMap, a Prometheus rule's summary) or a comment leaves its document
/// YAML; one in the structure (`{{- if … }}`, `image: {{ .Values.image }}`) makes the
/// document a Helm template, and only that document.
fn template_regions(
    text: &str,
    part: std::ops::Range<usize>,
    strings: &[TextRange],
    comments: &[TextRange],
) -> Vec<TextRange> {
    let Some(slice) = text.get(part.clone()) else {
        return Vec::new();
    };
    let mut actions = slice
        .match_indices("{{")
        .map(|(i, _)| part.start + i)
        .peekable();
    if actions.peek().is_none() {
        return Vec::new();
    }
    let mut values: Vec<TextRange> = strings.iter().chain(comments).copied().collect();
    values.sort_by_key(|r| r.start());
    // Ranges may nest or overlap (a comment scanned inside a string): the furthest end
    // reached by any range starting at or before each one.
    let mut reach = Vec::with_capacity(values.len());
    let mut furthest = 0;
    for r in &values {
        furthest = furthest.max(r.end());
        reach.push(furthest);
    }
    let in_value = |at: usize| {
        let before = values.partition_point(|r| r.start() <= at);
        before > 0 && reach[before - 1] > at
    };
    let mut out: Vec<TextRange> = Vec::new();
    for at in actions {
        if in_value(at) || out.last().is_some_and(|r| r.contains(at)) {
            continue;
        }
        out.push(document_around(text, part.clone(), at));
    }
    out
}

/// The document of `text[part]` holding byte `at`: from the `---` line before it (or the
/// part's start) to the next `---` line (or the part's end).
fn document_around(text: &str, part: std::ops::Range<usize>, at: usize) -> TextRange {
    let is_marker = |line_start: usize| {
        text.get(line_start..).is_some_and(|rest| {
            rest.strip_prefix("---")
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t', '\n', '\r']))
        })
    };
    let mut start = part.start;
    let mut line = text[..at].rfind('\n').map_or(0, |i| i + 1);
    loop {
        if line <= part.start {
            break;
        }
        if is_marker(line) {
            start = line;
            break;
        }
        line = text[..line - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let mut end = part.end;
    let mut next = text[at..].find('\n').map(|i| at + i + 1);
    while let Some(line) = next.filter(|&l| l < part.end) {
        if is_marker(line) {
            end = line;
            break;
        }
        next = text[line..].find('\n').map(|i| line + i + 1);
    }
    TextRange::new(start, end)
}

/// Cheap test for "this YAML is meant as Kubernetes": a top-level `apiVersion` and `kind`
/// (a line starting with each key, plain or quoted, or both keys in a JSON document). A
/// leading byte-order mark (Windows editors write one) is skipped.
#[must_use]
pub fn looks_like_kubernetes(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut api_version = false;
    let mut kind = false;
    for line in text.lines() {
        api_version |= starts_with_key(line, "apiVersion");
        kind |= starts_with_key(line, "kind");
        if api_version && kind {
            return true;
        }
    }
    text.trim_start().starts_with('{')
        && text.contains("\"apiVersion\"")
        && text.contains("\"kind\"")
}

/// `key:`, `"key":` or `'key':` at the start of a line (a top-level mapping key).
fn starts_with_key(line: &str, key: &str) -> bool {
    let unquoted = match line.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) => line[1..]
            .strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(char::from(q))),
        _ => line.strip_prefix(key),
    };
    unquoted.is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
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
