//! `securityContext` at pod and container level, and the effective context a container
//! runs with.

use lookout_diagnostics::TextRange;

use super::fields::{self, Field, MapLoc, SeqLoc, Text};
use crate::yaml::Node;

/// `seccompProfile` (or `appArmorProfile`): a type and, for `Localhost`, a profile path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The `seccompProfile` key.
    pub key: TextRange,
    pub type_: Option<Field<Text>>,
    pub localhost_profile: Option<Field<Text>>,
}

impl Profile {
    fn read(node: &Node, key: &str) -> Option<Self> {
        let entry = node.entry(key)?;
        Some(Self {
            key: entry.key.range,
            type_: fields::string(&entry.value, "type"),
            localhost_profile: fields::string(&entry.value, "localhostProfile"),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeLinuxOptions {
    pub key: TextRange,
    pub type_: Option<Field<Text>>,
    pub user: Option<Field<Text>>,
    pub role: Option<Field<Text>>,
    pub level: Option<Field<Text>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// The `capabilities` key.
    pub key: TextRange,
    pub mapping: Option<MapLoc>,
    pub add: Vec<Field<Text>>,
    pub drop: Vec<Field<Text>>,
    /// The `drop` sequence, when written, for fixes that add `ALL` to it.
    pub drop_seq: Option<SeqLoc>,
    /// The `drop` key, when written.
    pub drop_key: Option<TextRange>,
}

impl Capabilities {
    /// True when `drop` holds `ALL`, written so: the Pod Security admission compares the
    /// exact string and rejects a restricted pod that drops `all` (which the runtime
    /// would accept).
    #[must_use]
    pub fn drops_all(&self) -> bool {
        self.drop.iter().any(|d| d.value == "ALL")
    }

    /// A `drop` item that is `ALL` in another case (`all`, `All`).
    #[must_use]
    pub fn all_in_other_case(&self) -> Option<&Field<Text>> {
        self.drop
            .iter()
            .find(|d| d.value != "ALL" && d.value.eq_ignore_ascii_case("ALL"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sysctl {
    pub name: Field<Text>,
    pub value: Option<Field<Text>>,
}

/// A `securityContext` mapping as written, at pod or container level. Fields that exist
/// only at one level stay empty at the other.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecurityContext {
    /// The `securityContext` key.
    pub key: TextRange,
    pub mapping: Option<MapLoc>,
    pub run_as_non_root: Option<Field<bool>>,
    pub run_as_user: Option<Field<i64>>,
    pub run_as_group: Option<Field<i64>>,
    pub seccomp_profile: Option<Profile>,
    pub app_armor_profile: Option<Profile>,
    pub se_linux_options: Option<SeLinuxOptions>,
    /// `windowsOptions.hostProcess`.
    pub host_process: Option<Field<bool>>,
    // Container only.
    pub privileged: Option<Field<bool>>,
    pub allow_privilege_escalation: Option<Field<bool>>,
    pub read_only_root_filesystem: Option<Field<bool>>,
    pub capabilities: Option<Capabilities>,
    pub proc_mount: Option<Field<Text>>,
    // Pod only.
    pub sysctls: Vec<Sysctl>,
    pub supplemental_groups: Vec<Field<i64>>,
    pub fs_group: Option<Field<i64>>,
}

impl SecurityContext {
    /// Read the `securityContext` entry of a pod spec or container mapping.
    pub(crate) fn read(owner: &Node) -> Option<Self> {
        let entry = owner.entry("securityContext")?;
        let sc = &entry.value;
        let capabilities = sc.entry("capabilities").map(|caps| {
            let drop_entry = caps.value.entry("drop");
            Capabilities {
                key: caps.key.range,
                mapping: MapLoc::of(&caps.value),
                add: fields::string_items(&caps.value, "add"),
                drop: fields::string_items(&caps.value, "drop"),
                drop_seq: drop_entry.and_then(|e| SeqLoc::of(&e.value)),
                drop_key: drop_entry.map(|e| e.key.range),
            }
        });
        let se_linux_options = sc.entry("seLinuxOptions").map(|e| SeLinuxOptions {
            key: e.key.range,
            type_: fields::string(&e.value, "type"),
            user: fields::string(&e.value, "user"),
            role: fields::string(&e.value, "role"),
            level: fields::string(&e.value, "level"),
        });
        let sysctls = sc
            .get("sysctls")
            .into_iter()
            .flat_map(Node::items)
            .filter_map(|item| {
                Some(Sysctl {
                    name: fields::string(item, "name")?,
                    value: fields::string(item, "value"),
                })
            })
            .collect();
        Some(Self {
            key: entry.key.range,
            mapping: MapLoc::of(sc),
            run_as_non_root: fields::bool(sc, "runAsNonRoot"),
            run_as_user: fields::int(sc, "runAsUser"),
            run_as_group: fields::int(sc, "runAsGroup"),
            seccomp_profile: Profile::read(sc, "seccompProfile"),
            app_armor_profile: Profile::read(sc, "appArmorProfile"),
            se_linux_options,
            host_process: sc
                .get("windowsOptions")
                .and_then(|w| fields::bool(w, "hostProcess")),
            privileged: fields::bool(sc, "privileged"),
            allow_privilege_escalation: fields::bool(sc, "allowPrivilegeEscalation"),
            read_only_root_filesystem: fields::bool(sc, "readOnlyRootFilesystem"),
            capabilities,
            proc_mount: fields::string(sc, "procMount"),
            sysctls,
            supplemental_groups: fields::int_items(sc, "supplementalGroups"),
            fs_group: fields::int(sc, "fsGroup"),
        })
    }
}

/// Which level an effective setting comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Pod,
    Container,
}

/// A setting in force for a container, and where it was written.
#[derive(Debug, PartialEq, Eq)]
pub struct Inherited<'a, T> {
    pub value: &'a T,
    pub source: Source,
}

// Manual impls: the derive would require `T: Copy`, but only the reference is copied.
impl<T> Clone for Inherited<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Inherited<'_, T> {}

/// The security settings a container runs with. For the fields both levels have
/// (`runAsUser`, `runAsGroup`, `runAsNonRoot`, `seLinuxOptions`, `seccompProfile`,
/// `appArmorProfile`, `windowsOptions`), the container's value overrides the pod's,
/// as the kubelet does; the rest exist only on the container.
#[derive(Debug, Clone, Copy, Default)]
pub struct EffectiveSecurityContext<'a> {
    pub run_as_non_root: Option<Inherited<'a, Field<bool>>>,
    pub run_as_user: Option<Inherited<'a, Field<i64>>>,
    pub run_as_group: Option<Inherited<'a, Field<i64>>>,
    pub seccomp_profile: Option<Inherited<'a, Profile>>,
    pub app_armor_profile: Option<Inherited<'a, Profile>>,
    pub se_linux_options: Option<Inherited<'a, SeLinuxOptions>>,
    pub host_process: Option<Inherited<'a, Field<bool>>>,
    pub privileged: Option<&'a Field<bool>>,
    pub allow_privilege_escalation: Option<&'a Field<bool>>,
    pub read_only_root_filesystem: Option<&'a Field<bool>>,
    pub capabilities: Option<&'a Capabilities>,
    pub proc_mount: Option<&'a Field<Text>>,
}

fn pick<'a, T>(container: Option<&'a T>, pod: Option<&'a T>) -> Option<Inherited<'a, T>> {
    container
        .map(|value| Inherited {
            value,
            source: Source::Container,
        })
        .or_else(|| {
            pod.map(|value| Inherited {
                value,
                source: Source::Pod,
            })
        })
}

impl<'a> EffectiveSecurityContext<'a> {
    #[must_use]
    pub fn compute(
        container: Option<&'a SecurityContext>,
        pod: Option<&'a SecurityContext>,
    ) -> Self {
        Self {
            run_as_non_root: pick(
                container.and_then(|c| c.run_as_non_root.as_ref()),
                pod.and_then(|p| p.run_as_non_root.as_ref()),
            ),
            run_as_user: pick(
                container.and_then(|c| c.run_as_user.as_ref()),
                pod.and_then(|p| p.run_as_user.as_ref()),
            ),
            run_as_group: pick(
                container.and_then(|c| c.run_as_group.as_ref()),
                pod.and_then(|p| p.run_as_group.as_ref()),
            ),
            seccomp_profile: pick(
                container.and_then(|c| c.seccomp_profile.as_ref()),
                pod.and_then(|p| p.seccomp_profile.as_ref()),
            ),
            app_armor_profile: pick(
                container.and_then(|c| c.app_armor_profile.as_ref()),
                pod.and_then(|p| p.app_armor_profile.as_ref()),
            ),
            se_linux_options: pick(
                container.and_then(|c| c.se_linux_options.as_ref()),
                pod.and_then(|p| p.se_linux_options.as_ref()),
            ),
            host_process: pick(
                container.and_then(|c| c.host_process.as_ref()),
                pod.and_then(|p| p.host_process.as_ref()),
            ),
            privileged: container.and_then(|c| c.privileged.as_ref()),
            allow_privilege_escalation: container
                .and_then(|c| c.allow_privilege_escalation.as_ref()),
            read_only_root_filesystem: container.and_then(|c| c.read_only_root_filesystem.as_ref()),
            capabilities: container.and_then(|c| c.capabilities.as_ref()),
            proc_mount: container.and_then(|c| c.proc_mount.as_ref()),
        }
    }

    /// True when the container is guaranteed not to run as UID 0: `runAsNonRoot: true`
    /// or a non-zero `runAsUser` in force.
    #[must_use]
    pub fn runs_as_non_root(&self) -> bool {
        self.run_as_non_root.is_some_and(|f| f.value.value)
            || self.run_as_user.is_some_and(|f| f.value.value > 0)
    }
}
