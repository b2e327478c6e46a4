//! What a Kubernetes rule sees: one workload object with its pod spec, and helpers to
//! report findings and build the common fixes.

use std::borrow::Cow;

use lookout_diagnostics::{Diagnostic, Fix, TextRange};
use lookout_syntax::image_ref::ImageRef;
use lookout_syntax::k8s::{Container, EffectiveSecurityContext, Field, K8sObject, MapLoc, PodSpec};

use super::fix::{self, Value};
use crate::RuleMeta;

pub(crate) struct Workload<'a> {
    pub text: &'a str,
    pub object: &'a K8sObject,
    pub pod: &'a PodSpec,
    /// `Deployment/web`, built once for every message about the workload.
    name: String,
    /// One per container, in `pod.containers` order.
    facts: Vec<ContainerFacts<'a>>,
}

/// What most rules ask about a container, computed once per lint rather than once per
/// rule: a big manifest file has hundreds of containers and forty rules look at each.
struct ContainerFacts<'a> {
    /// `container "app" of Deployment/web`.
    description: String,
    effective: EffectiveSecurityContext<'a>,
    /// The `image:` reference, when it parses.
    image: Option<ImageRef>,
}

impl<'a> Workload<'a> {
    pub fn new(text: &'a str, object: &'a K8sObject, pod: &'a PodSpec) -> Self {
        let facts = pod
            .containers
            .iter()
            .map(|container| ContainerFacts {
                description: ContainerName { object, container }.to_string(),
                effective: pod.effective_security_context(container),
                image: container
                    .image
                    .as_ref()
                    .and_then(|image| ImageRef::parse(&image.value).ok()),
            })
            .collect();
        Self {
            text,
            object,
            pod,
            name: ObjectName(object).to_string(),
            facts,
        }
    }

    pub fn containers(&self) -> impl Iterator<Item = &'a Container> {
        self.pod.containers.iter()
    }

    /// The facts of one of this workload's containers (found by address: a pod has a
    /// handful of containers).
    fn facts(&self, container: &Container) -> Option<&ContainerFacts<'a>> {
        let index = self
            .pod
            .containers
            .iter()
            .position(|c| std::ptr::eq(c, container))?;
        self.facts.get(index)
    }

    pub fn effective(&self, container: &'a Container) -> EffectiveSecurityContext<'a> {
        self.facts(container).map_or_else(
            || self.pod.effective_security_context(container),
            |f| f.effective,
        )
    }

    /// The container's `image:` reference, when it parses.
    pub fn image_ref(&self, container: &'a Container) -> Option<&ImageRef> {
        self.facts(container).and_then(|f| f.image.as_ref())
    }

    /// `container "app" of Deployment/web`, for messages.
    pub fn describe(&self, container: &'a Container) -> Cow<'_, str> {
        match self.facts(container) {
            Some(f) => Cow::Borrowed(&f.description),
            None => Cow::Owned(
                ContainerName {
                    object: self.object,
                    container,
                }
                .to_string(),
            ),
        }
    }

    /// `"app"` (or `"containers[1]"` for a nameless one): a container among others of the
    /// same workload, for messages that name several.
    pub fn short_name(&self, container: &Container) -> String {
        match &container.name {
            Some(name) => format!("\"{}\"", name.value),
            None => format!("\"{}[{}]\"", container.kind.key(), container.index),
        }
    }

    /// `Deployment/web`, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Edits that set `securityContext.<path>` of `container` to `leaf`, adding the
    /// mappings that are missing. `None` when the layout cannot be edited safely.
    pub fn set_container_security(
        &self,
        container: &Container,
        path: &[&str],
        leaf: Value<'_>,
    ) -> Option<Vec<lookout_diagnostics::Edit>> {
        let sc = container.security_context.as_ref();
        let mut maps: Vec<Option<&MapLoc>> = vec![container.mapping.as_ref()];
        let mut keys = vec!["securityContext"];
        maps.push(sc.and_then(|s| s.mapping.as_ref()));
        if path.first() == Some(&"capabilities") {
            maps.push(
                sc.and_then(|s| s.capabilities.as_ref())
                    .and_then(|c| c.mapping.as_ref()),
            );
        }
        keys.extend_from_slice(path);
        // A key holding null or a scalar (`securityContext:` with nothing) cannot take
        // children: stop at the mapping above it.
        if sc.is_some() && sc.and_then(|s| s.mapping.as_ref()).is_none() {
            return None;
        }
        let caps = sc.and_then(|s| s.capabilities.as_ref());
        if path.first() == Some(&"capabilities") && caps.is_some_and(|c| c.mapping.is_none()) {
            return None;
        }
        maps.truncate(keys.len());
        fix::insert_path(self.text, &maps, &keys, leaf)
    }
}

pub(crate) struct ObjectName<'a>(&'a K8sObject);

impl std::fmt::Display for ObjectName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0.name {
            Some(name) => write!(f, "{}/{}", self.0.kind.value, name.value),
            None => f.write_str(&self.0.kind.value),
        }
    }
}

pub(crate) struct ContainerName<'a> {
    object: &'a K8sObject,
    container: &'a Container,
}

impl std::fmt::Display for ContainerName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.container;
        match &c.name {
            Some(name) => write!(f, "container \"{}\"", name.value)?,
            None => write!(f, "container \"{}[{}]\"", c.kind.key(), c.index)?,
        }
        write!(f, " of {}", ObjectName(self.object))
    }
}

/// A message or title from its pieces, allocated once at its exact length: the common
/// findings of a big manifest are built this way rather than with `format!`.
pub(crate) fn text(pieces: &[&str]) -> String {
    pieces.concat()
}

pub(crate) fn diag(meta: &RuleMeta, range: TextRange, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(meta.code, meta.severity, range, message)
}

/// A boolean security setting that must be `want`: when written with the other value,
/// point at it and flip it; when missing, point at the container's name and add it.
pub(crate) struct BoolSetting<'a> {
    pub meta: &'static RuleMeta,
    pub key: &'a str,
    pub want: bool,
    pub safe: bool,
}

impl BoolSetting<'_> {
    pub fn check(
        &self,
        w: &Workload<'_>,
        container: &Container,
        field: Option<&Field<bool>>,
        problem: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let want = if self.want { "true" } else { "false" };
        let (range, edits, message) = match field {
            Some(f) if f.value == self.want => return,
            Some(f) => (
                f.range(),
                Some(fix::replace(f.value_range, want)),
                format!(
                    "{} {problem}: `{}: {}`",
                    w.describe(container),
                    self.key,
                    !self.want
                ),
            ),
            None => (
                container.anchor_range(),
                w.set_container_security(container, &[self.key], Value::Scalar(want)),
                text(&[
                    &w.describe(container),
                    " ",
                    problem,
                    ": `securityContext.",
                    self.key,
                    "` is not set to ",
                    want,
                ]),
            ),
        };
        let mut d = diag(self.meta, range, message);
        if let Some(edits) = edits {
            let title = text(&["Set `", self.key, ": ", want, "`"]);
            d = d.with_fix(if self.safe {
                Fix::safe(title, edits)
            } else {
                Fix::unsafe_(title, edits)
            });
        }
        out.push(d);
    }
}

/// A pod-level `host*: true` (hostNetwork, hostPID, hostIPC): point at it and offer to
/// turn it off.
pub(crate) fn host_namespace(
    meta: &'static RuleMeta,
    w: &Workload<'_>,
    field: Option<&Field<bool>>,
    key: &str,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(f) = field.filter(|f| f.value) else {
        return;
    };
    // Unsafe: the pod may rely on the host namespace (a node agent, a CNI plugin).
    let fix = Fix::unsafe_(
        format!("Set `{key}: false`"),
        fix::replace(f.value_range, "false"),
    );
    out.push(
        diag(
            meta,
            f.range(),
            format!("{} shares the host's {what} (`{key}: true`)", w.name()),
        )
        .with_fix(fix),
    );
}

/// A capability name as the runtime compares it: upper case, without `CAP_`.
pub(crate) fn capability_name(raw: &str) -> String {
    let upper = raw.trim().to_ascii_uppercase();
    upper
        .strip_prefix("CAP_")
        .map_or(upper.clone(), str::to_string)
}

/// Report every container that adds capability `cap` (`SYS_ADMIN`, `NET_RAW`, …).
pub(crate) fn added_capability(
    meta: &'static RuleMeta,
    w: &Workload<'_>,
    cap: &str,
    out: &mut Vec<Diagnostic>,
) {
    for c in w.containers() {
        let Some(caps) = w.effective(c).capabilities else {
            continue;
        };
        for added in caps.add.iter().filter(|a| capability_name(&a.value) == cap) {
            out.push(diag(
                meta,
                added.value_range,
                format!("{} adds the {cap} capability", w.describe(c)),
            ));
        }
    }
}

/// Which half of `resources` a rule wants.
#[derive(Clone, Copy)]
pub(crate) enum ResourceSide {
    Requests,
    Limits,
}

/// Report containers without `resources.<side>.<resource>`. Ephemeral containers are
/// left out: Kubernetes does not allow resources on them.
pub(crate) fn missing_resource(
    meta: &'static RuleMeta,
    w: &Workload<'_>,
    side: ResourceSide,
    resource: &str,
    out: &mut Vec<Diagnostic>,
) {
    use lookout_syntax::k8s::ContainerKind;
    for c in w
        .containers()
        .filter(|c| c.kind != ContainerKind::Ephemeral)
    {
        let (found, word) = match side {
            ResourceSide::Requests => (c.resources.request(resource), "requests"),
            ResourceSide::Limits => (c.resources.limit(resource), "limits"),
        };
        if found.is_none() {
            out.push(diag(
                meta,
                c.anchor_range(),
                text(&[
                    &w.describe(c),
                    " sets no `resources.",
                    word,
                    ".",
                    resource,
                    "`",
                ]),
            ));
        }
    }
}
