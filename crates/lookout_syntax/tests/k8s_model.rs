#![allow(clippy::unwrap_used)]

use lookout_syntax::k8s::{self, ContainerKind, Source};

const DEPLOYMENT: &str = r"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: runtime/default
    spec:
      hostNetwork: true
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        seccompProfile:
          type: RuntimeDefault
      initContainers:
        - name: init
          image: busybox
      containers:
        - name: app
          image: nginx:1.25
          securityContext:
            runAsUser: 0
            privileged: true
            capabilities:
              drop: [ALL]
              add: [NET_ADMIN]
          resources:
            limits: {cpu: 500m}
          ports:
            - containerPort: 80
              hostPort: 8080
      volumes:
        - name: sock
          hostPath:
            path: /var/run/docker.sock
";

fn at(text: &str, range: lookout_diagnostics::TextRange) -> &str {
    &text[range.start()..range.end()]
}

#[test]
fn deployment_pod_spec_is_modelled_with_ranges() {
    let file = k8s::parse(DEPLOYMENT);
    assert!(file.errors.is_empty());
    let objects: Vec<_> = file.objects().collect();
    assert_eq!(objects.len(), 1);
    let obj = objects[0];
    assert_eq!(obj.display_name(), "Deployment/web");
    assert_eq!(obj.namespace.as_ref().unwrap().value, "prod");
    let pod = obj.pod.as_ref().unwrap();
    assert_eq!(at(DEPLOYMENT, pod.key), "spec");
    assert!(pod.key.start() > DEPLOYMENT.find("template").unwrap());
    let host_network = pod.host_network.as_ref().unwrap();
    assert!(host_network.value);
    assert_eq!(at(DEPLOYMENT, host_network.range()), "hostNetwork: true");
    assert_eq!(pod.containers.len(), 2);
    let app = pod
        .containers
        .iter()
        .find(|c| c.kind == ContainerKind::Container)
        .unwrap();
    assert_eq!(at(DEPLOYMENT, app.anchor_range()), "name: app");
    assert_eq!(
        at(DEPLOYMENT, app.image.as_ref().unwrap().value_range),
        "nginx:1.25"
    );
    let sc = app.security_context.as_ref().unwrap();
    assert_eq!(
        at(DEPLOYMENT, sc.privileged.as_ref().unwrap().range()),
        "privileged: true"
    );
    let caps = sc.capabilities.as_ref().unwrap();
    assert!(caps.drops_all());
    assert_eq!(caps.add[0].value, "NET_ADMIN");
    assert_eq!(app.resources.limit("cpu").unwrap().value, "500m");
    assert_eq!(app.ports[0].host_port.as_ref().unwrap().value, 8080);
    let init = pod
        .containers
        .iter()
        .find(|c| c.kind == ContainerKind::Init)
        .unwrap();
    assert_eq!(init.display_name(), "init");
    let vol = &pod.volumes[0];
    assert_eq!(
        vol.host_path.as_ref().unwrap().path.as_ref().unwrap().value,
        "/var/run/docker.sock"
    );
    assert!(pod
        .annotation("container.apparmor.security.beta.kubernetes.io/app")
        .is_some());
}

#[test]
fn pod_security_context_is_inherited_and_overridden() {
    let file = k8s::parse(DEPLOYMENT);
    let pod = file.objects().next().unwrap().pod.as_ref().unwrap();
    let app = pod
        .containers
        .iter()
        .find(|c| c.name.as_ref().unwrap().value == "app")
        .unwrap();
    let eff = pod.effective_security_context(app);
    // Container overrides runAsUser; runAsNonRoot and seccomp come from the pod.
    let user = eff.run_as_user.unwrap();
    assert_eq!((user.value.value, user.source), (0, Source::Container));
    let non_root = eff.run_as_non_root.unwrap();
    assert_eq!((non_root.value.value, non_root.source), (true, Source::Pod));
    assert_eq!(eff.seccomp_profile.unwrap().source, Source::Pod);
    let init = pod
        .containers
        .iter()
        .find(|c| c.kind == ContainerKind::Init)
        .unwrap();
    let eff = pod.effective_security_context(init);
    assert_eq!(eff.run_as_user.unwrap().value.value, 1000);
    assert!(eff.runs_as_non_root());
    assert!(eff.privileged.is_none());
}

#[test]
fn every_workload_kind_finds_its_pod_spec() {
    let text = r"apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec: {containers: [{name: a, image: x}]}
- apiVersion: batch/v1
  kind: CronJob
  metadata: {name: cj}
  spec:
    jobTemplate:
      spec:
        template:
          spec:
            containers: [{name: b, image: y}]
---
apiVersion: v1
kind: PodTemplate
metadata: {name: t}
template:
  spec:
    ephemeralContainers: [{name: e, image: z}]
---
apiVersion: v1
kind: Service
metadata: {name: svc}
spec: {ports: [{port: 80}]}
";
    for kind in [
        "StatefulSet",
        "DaemonSet",
        "Job",
        "ReplicaSet",
        "ReplicationController",
    ] {
        let doc = format!(
            "apiVersion: apps/v1\nkind: {kind}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: i\n"
        );
        let file = k8s::parse(&doc);
        let obj = file.objects().next().unwrap();
        assert_eq!(obj.pod.as_ref().unwrap().containers.len(), 1, "{kind}");
    }
    let file = k8s::parse(text);
    let names: Vec<_> = file
        .objects()
        .map(|o| {
            (
                o.kind.value.as_str(),
                o.pod.as_ref().map(|p| p.containers.len()),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Pod", Some(1)),
            ("CronJob", Some(1)),
            ("PodTemplate", Some(1)),
            ("Service", None)
        ]
    );
    let tmpl = file.objects().nth(2).unwrap().pod.as_ref().unwrap();
    assert_eq!(tmpl.containers[0].kind, ContainerKind::Ephemeral);
}

#[test]
fn yaml_that_is_not_kubernetes_yields_nothing() {
    let workflow = "name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n";
    let compose = "services:\n  web:\n    image: nginx\n    privileged: true\n";
    let helm = "apiVersion: v1\nkind: Pod\nspec:\n  {{- if .Values.x }}\n  hostNetwork: true\n  {{- end }}\n";
    for text in [workflow, compose] {
        assert!(!k8s::looks_like_kubernetes(text));
        assert_eq!(k8s::parse(text).objects().count(), 0);
    }
    assert!(k8s::looks_like_kubernetes(helm));
    let file = k8s::parse(helm);
    assert!(file
        .objects()
        .all(|o| o.pod.as_ref().is_none_or(|p| p.host_network.is_none())));
}

#[test]
fn looks_like_kubernetes_accepts_json() {
    assert!(k8s::looks_like_kubernetes(
        r#"{"apiVersion": "v1", "kind": "Pod"}"#
    ));
    assert!(!k8s::looks_like_kubernetes("kind: x\n"));
}

#[test]
fn looks_like_kubernetes_skips_a_bom_and_reads_quoted_keys() {
    assert!(k8s::looks_like_kubernetes(
        "\u{feff}apiVersion: v1\nkind: Pod\n"
    ));
    assert!(k8s::looks_like_kubernetes(
        "\"apiVersion\": v1\n'kind' : Pod\n"
    ));
    assert!(!k8s::looks_like_kubernetes("apiVersionX: v1\nkinds: Pod\n"));
    assert!(!k8s::looks_like_kubernetes("\"apiVersion: v1\nkind: Pod\n"));
    let bom = "\u{feff}apiVersion: v1\nkind: Pod\nmetadata:\n  name: bom\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: nginx:1.25\n";
    let pod = k8s::parse(bom)
        .objects()
        .next()
        .and_then(|o| o.pod.clone())
        .unwrap();
    assert!(pod.host_network.is_some_and(|h| h.value));
}
