use super::{finding, FindingSource, ImageConfigFinding};
use crate::image_config::ImageConfigInput;
use crate::secrets::ScanSeverity;

crate::declare_rule! {
    /// ## What it does
    /// Flags images that expose port 22 (SSH).
    ///
    /// ## Why is this bad?
    /// An SSH daemon in a container is one more service to patch and brute-force, and it
    /// bypasses the runtime's own access control (`docker exec`, `kubectl exec`).
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app", "ExposedPorts": {"22/tcp": {}, "8080/tcp": {}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"User": "app", "ExposedPorts": {"8080/tcp": {}}}}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#expose>
    pub static SSH_PORT_EXPOSED = {
        code: "LKI002", name: "ssh-port-exposed", family: ImageConfig,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    let ssh = input.exposed_ports.iter().find(|port| {
        let (number, protocol) = port.split_once('/').unwrap_or((port.as_str(), "tcp"));
        number.trim() == "22" && protocol.eq_ignore_ascii_case("tcp")
    });
    if let Some(port) = ssh {
        out.push(finding(
            &SSH_PORT_EXPOSED,
            ScanSeverity::Medium,
            FindingSource::ImageConfig,
            "config.ExposedPorts",
            format!("the image exposes {port} (SSH); use `docker exec`/`kubectl exec` instead of an SSH daemon"),
        ));
    }
}
