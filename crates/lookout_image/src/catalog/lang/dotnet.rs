//! .NET `*.deps.json` (written next to every published app): the `libraries` of type
//! `package` (`"Name/Version": {"type": "package", …}`); `project` entries are the app's own
//! assemblies.

use serde_json::Value;

use super::{catalog_error, package, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "dotnet-deps",
    wants: |path| path.ends_with(".deps.json"),
    max_size: 16 * MIB,
    parse,
};

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let json: Value = serde_json::from_slice(input.data)
        .map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    let Some(libraries) = json.get("libraries").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    Ok(libraries
        .iter()
        .filter(|(_, lib)| lib.get("type").and_then(Value::as_str) == Some("package"))
        .filter_map(|(key, _)| key.split_once('/'))
        .map(|(name, version)| {
            package(
                name,
                version,
                "NuGet",
                purl::nuget(name, version),
                input.path,
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_libraries_only() {
        let deps = br#"{
  "runtimeTarget": {"name": ".NETCoreApp,Version=v6.0"},
  "targets": {".NETCoreApp,Version=v6.0": {"app/1.0.0": {"dependencies": {"Newtonsoft.Json": "13.0.1"}}}},
  "libraries": {
    "app/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
    "Newtonsoft.Json/13.0.1": {"type": "package", "serviceable": true, "sha512": "sha512-x", "path": "newtonsoft.json/13.0.1"}
  }
}"#;
        let got = parse(&CatalogInput {
            path: "app/app.deps.json",
            data: deps,
        })
        .unwrap_or_default();
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].name.as_str(), got[0].version.as_str()),
            ("Newtonsoft.Json", "13.0.1")
        );
        assert_eq!(got[0].purl, "pkg:nuget/Newtonsoft.Json@13.0.1");
        assert_eq!(got[0].ecosystem, "NuGet");
    }
}
