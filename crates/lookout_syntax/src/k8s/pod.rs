//! The pod spec: containers of every kind, host namespaces, volumes, pod-level
//! security settings.

use lookout_diagnostics::TextRange;

use super::fields::{self, Field, KeyValue, MapLoc, Text};
use super::security::{EffectiveSecurityContext, SecurityContext};
use crate::yaml::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Container,
    Init,
    Ephemeral,
}

impl ContainerKind {
    /// The pod spec key that lists containers of this kind.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Container => "containers",
            Self::Init => "initContainers",
            Self::Ephemeral => "ephemeralContainers",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerPort {
    pub container_port: Option<Field<i64>>,
    pub host_port: Option<Field<i64>>,
    pub protocol: Option<Field<Text>>,
    pub range: TextRange,
}

/// `resources.requests` / `resources.limits` entries, as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resources {
    /// The `resources` key, when written.
    pub key: Option<TextRange>,
    pub requests: Vec<KeyValue>,
    pub limits: Vec<KeyValue>,
}

impl Resources {
    #[must_use]
    pub fn request(&self, name: &str) -> Option<&KeyValue> {
        self.requests.iter().find(|kv| kv.key == name)
    }

    #[must_use]
    pub fn limit(&self, name: &str) -> Option<&KeyValue> {
        self.limits.iter().find(|kv| kv.key == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeMount {
    pub name: Option<Field<Text>>,
    pub mount_path: Option<Field<Text>>,
    pub read_only: Option<Field<bool>>,
    pub range: TextRange,
}

/// A probe (`livenessProbe`, …): where it is and which port it checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub key: TextRange,
    /// `httpGet.port`, `tcpSocket.port` or `grpc.port`, as written (number or name).
    pub port: Option<Field<Text>>,
}

impl Probe {
    fn read(container: &Node, key: &str) -> Option<Self> {
        let entry = container.entry(key)?;
        let port = ["httpGet", "tcpSocket", "grpc"]
            .iter()
            .filter_map(|handler| entry.value.get(handler))
            .find_map(|handler| fields::string(handler, "port"));
        Some(Self {
            key: entry.key.range,
            port,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    pub kind: ContainerKind,
    /// Position in its list (`containers[1]`).
    pub index: usize,
    pub name: Option<Field<Text>>,
    pub image: Option<Field<Text>>,
    pub image_pull_policy: Option<Field<Text>>,
    /// The container's mapping (for findings about something missing and for fixes).
    pub mapping: Option<MapLoc>,
    pub range: TextRange,
    pub security_context: Option<SecurityContext>,
    pub resources: Resources,
    pub ports: Vec<ContainerPort>,
    pub liveness_probe: Option<Probe>,
    pub readiness_probe: Option<Probe>,
    pub startup_probe: Option<Probe>,
    pub volume_mounts: Vec<VolumeMount>,
}

impl Container {
    fn read(node: &Node, kind: ContainerKind, index: usize) -> Self {
        let resources = node.entry("resources");
        let ports = node
            .get("ports")
            .into_iter()
            .flat_map(Node::items)
            .map(|p| ContainerPort {
                container_port: fields::int(p, "containerPort"),
                host_port: fields::int(p, "hostPort"),
                protocol: fields::string(p, "protocol"),
                range: p.range,
            })
            .collect();
        let volume_mounts = node
            .get("volumeMounts")
            .into_iter()
            .flat_map(Node::items)
            .map(|m| VolumeMount {
                name: fields::string(m, "name"),
                mount_path: fields::string(m, "mountPath"),
                read_only: fields::bool(m, "readOnly"),
                range: m.range,
            })
            .collect();
        Self {
            kind,
            index,
            name: fields::string(node, "name"),
            image: fields::string(node, "image"),
            image_pull_policy: fields::string(node, "imagePullPolicy"),
            mapping: MapLoc::of(node),
            range: node.range,
            security_context: SecurityContext::read(node),
            resources: Resources {
                key: resources.map(|e| e.key.range),
                requests: fields::key_values(resources.and_then(|e| e.value.get("requests"))),
                limits: fields::key_values(resources.and_then(|e| e.value.get("limits"))),
            },
            ports,
            liveness_probe: Probe::read(node, "livenessProbe"),
            readiness_probe: Probe::read(node, "readinessProbe"),
            startup_probe: Probe::read(node, "startupProbe"),
            volume_mounts,
        }
    }

    /// The place a finding about something this container lacks points at: its `name:`
    /// key, else the start of its mapping.
    #[must_use]
    pub fn anchor_range(&self) -> TextRange {
        self.name
            .as_ref()
            .map_or(TextRange::empty(self.range.start()), Field::range)
    }

    /// The container's name, or `containers[0]` when it has none.
    #[must_use]
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(name) => name.value.to_string(),
            None => format!("{}[{}]", self.kind.key(), self.index),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPath {
    /// The `hostPath` key.
    pub key: TextRange,
    pub path: Option<Field<Text>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub name: Option<Field<Text>>,
    pub range: TextRange,
    pub host_path: Option<HostPath>,
    /// Every key other than `name`: the volume's source type (`emptyDir`, `nfs`, …).
    pub sources: Vec<Field<Text>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodSpec {
    /// The key holding the pod spec (`spec` of a Pod, `spec` under `template`): findings
    /// about a pod-level setting that is missing point here.
    pub key: TextRange,
    pub mapping: Option<MapLoc>,
    pub host_network: Option<Field<bool>>,
    pub host_pid: Option<Field<bool>>,
    pub host_ipc: Option<Field<bool>>,
    /// `hostUsers: false` runs the pod in a user namespace: its UIDs map to unprivileged
    /// host UIDs.
    pub host_users: Option<Field<bool>>,
    pub automount_service_account_token: Option<Field<bool>>,
    pub service_account_name: Option<Field<Text>>,
    pub priority_class_name: Option<Field<Text>>,
    pub security_context: Option<SecurityContext>,
    pub volumes: Vec<Volume>,
    /// `containers`, then `initContainers`, then `ephemeralContainers`.
    pub containers: Vec<Container>,
    /// Annotations of the pod (its template's metadata for controllers).
    pub annotations: Vec<KeyValue>,
    pub labels: Vec<KeyValue>,
    /// `spec.os.name` (`linux`, `windows`), when set.
    pub os: Option<Field<Text>>,
}

impl PodSpec {
    /// `spec.os.name: windows`: the API server forbids the Linux-only security fields
    /// (seccomp, capabilities, `allowPrivilegeEscalation`, `readOnlyRootFilesystem`,
    /// `runAsUser`/`runAsGroup`, SELinux, …) on such a pod, and the Pod Security
    /// Standards exempt it from the controls that check them.
    #[must_use]
    pub fn is_windows(&self) -> bool {
        self.os.as_ref().is_some_and(|os| os.value == "windows")
    }

    /// `spec_key` is the entry holding the pod spec; `metadata` the pod's own metadata.
    pub(crate) fn read(spec_key: TextRange, spec: &Node, metadata: Option<&Node>) -> Self {
        let mut containers = Vec::new();
        for kind in [
            ContainerKind::Container,
            ContainerKind::Init,
            ContainerKind::Ephemeral,
        ] {
            let items = spec.get(kind.key()).into_iter().flat_map(Node::items);
            containers.extend(
                items
                    .filter(|n| n.as_mapping().is_some())
                    .enumerate()
                    .map(|(i, n)| Container::read(n, kind, i)),
            );
        }
        let volumes = spec
            .get("volumes")
            .into_iter()
            .flat_map(Node::items)
            .filter_map(|v| {
                let mapping = v.as_mapping()?;
                let host_path = v.entry("hostPath").map(|e| HostPath {
                    key: e.key.range,
                    path: fields::string(&e.value, "path"),
                });
                let sources = mapping
                    .scalar_entries()
                    .filter(|(k, _)| *k != "name")
                    .map(|(k, e)| Field {
                        value: Text::from(k),
                        key: e.key.range,
                        value_range: e.value.range,
                    })
                    .collect();
                Some(Volume {
                    name: fields::string(v, "name"),
                    range: v.range,
                    host_path,
                    sources,
                })
            })
            .collect();
        Self {
            key: spec_key,
            mapping: MapLoc::of(spec),
            host_network: fields::bool(spec, "hostNetwork"),
            host_pid: fields::bool(spec, "hostPID"),
            host_ipc: fields::bool(spec, "hostIPC"),
            host_users: fields::bool(spec, "hostUsers"),
            automount_service_account_token: fields::bool(spec, "automountServiceAccountToken"),
            service_account_name: fields::string(spec, "serviceAccountName"),
            priority_class_name: fields::string(spec, "priorityClassName"),
            security_context: SecurityContext::read(spec),
            volumes,
            containers,
            annotations: fields::key_values(metadata.and_then(|m| m.get("annotations"))),
            labels: fields::key_values(metadata.and_then(|m| m.get("labels"))),
            os: spec.get("os").and_then(|os| fields::string(os, "name")),
        }
    }

    /// The security settings `container` runs with (container overrides pod).
    #[must_use]
    pub fn effective_security_context<'a>(
        &'a self,
        container: &'a Container,
    ) -> EffectiveSecurityContext<'a> {
        EffectiveSecurityContext::compute(
            container.security_context.as_ref(),
            self.security_context.as_ref(),
        )
    }

    /// The annotation named `key`, if the pod has it.
    #[must_use]
    pub fn annotation(&self, key: &str) -> Option<&KeyValue> {
        self.annotations.iter().find(|kv| kv.key == key)
    }
}
