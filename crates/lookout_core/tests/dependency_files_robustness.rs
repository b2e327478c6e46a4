//! The dependency-file parsers behind `lookout scan <dir>`, the editor's lockfile
//! diagnostics and the pre-commit hook never panic: every prefix of a valid file of each
//! format (a file being typed or cut short), and copies with characters replaced by ones
//! that matter to the grammars, give packages or nothing.

use lookout_core::deps::{check_dependency_file, ecosystems_in};
use lookout_image::catalog::lang::locate_dependency_lines;
use lookout_vuln::Db;

mod support;
use support::{prefixes, substitutions};

const FILES: &[(&str, &str)] = &[
    (
        "package-lock.json",
        r#"{"name":"a","lockfileVersion":3,"packages":{"":{"name":"a","dependencies":{"lodash":"^4.17.15"}},"node_modules/lodash":{"version":"4.17.15","resolved":"https://r/l.tgz","integrity":"sha512-x"},"node_modules/@s/x/node_modules/y":{"version":"1.0.0","dev":true}},"dependencies":{"lodash":{"version":"4.17.15"}}}"#,
    ),
    (
        "yarn.lock",
        "# yarn lockfile v1\n\n\"@s/x@^1.0.0\", \"@s/x@^1.1.0\":\n  version \"1.1.0\"\n  resolved \"https://r/x.tgz#ab\"\n  dependencies:\n    lodash \"^4.17.15\"\n\nlodash@^4.17.15:\n  version \"4.17.15\"\n",
    ),
    (
        "pnpm-lock.yaml",
        "lockfileVersion: '6.0'\npackages:\n  /lodash@4.17.15:\n    resolution: {integrity: sha512-x}\n    dev: false\n  /@s/x@1.0.0(react@18.2.0):\n    resolution: {integrity: sha512-y}\n",
    ),
    (
        "requirements.txt",
        "# c\n-r base.txt\nDjango==2.2.1 ; python_version >= \"3\"\nrequests[socks]==2.19.0 \\\n    --hash=sha256:ab\nflask>=1.0\n",
    ),
    (
        "poetry.lock",
        "[[package]]\nname = \"django\"\nversion = \"2.2.1\"\ndescription = \"\"\noptional = false\n\n[package.dependencies]\npytz = \"*\"\n\n[[package]]\nname = \"pytz\"\nversion = \"2019.1\"\n",
    ),
    (
        "Cargo.lock",
        "version = 3\n\n[[package]]\nname = \"smallvec\"\nversion = \"1.6.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"ab\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"smallvec\",\n]\n",
    ),
    (
        "go.mod",
        "module example.com/a\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/net v0.7.0 // indirect\n\tgithub.com/gin-gonic/gin v1.9.0\n)\n\nrequire golang.org/x/text v0.3.7\n\nreplace golang.org/x/net => golang.org/x/net v0.17.0\n",
    ),
    (
        "pom.xml",
        "<?xml version=\"1.0\"?>\n<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId><version>1</version>\n<properties><log4j.version>2.14.1</log4j.version></properties>\n<dependencies><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${log4j.version}</version></dependency>\n<dependency><groupId>x</groupId><artifactId>y</artifactId><version>1.0</version><scope>test</scope></dependency></dependencies></project>\n",
    ),
    (
        "Gemfile.lock",
        "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.0.7)\n    rails (5.2.3)\n      rack (~> 2.0)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rails\n\nBUNDLED WITH\n   2.1.4\n",
    ),
    (
        "composer.lock",
        r#"{"packages":[{"name":"guzzlehttp/guzzle","version":"7.4.0","source":{"type":"git"}}],"packages-dev":[{"name":"phpunit/phpunit","version":"v9.5.0"}]}"#,
    ),
];

#[test]
fn dependency_file_parsers_never_panic() {
    // No advisories: the parsers are under test, not the matching.
    let built = lookout_vuln::build_db::<&str, Vec<u8>>(&[], "2026-01-01T00:00:00Z");
    let db = Db::from_built(&built).unwrap_or_else(|e| panic!("empty DB: {e}"));
    for (name, text) in FILES {
        let path = format!("/project/{name}");
        assert!(
            !locate_dependency_lines(&path, text).is_empty(),
            "{name}: the sample should parse"
        );
        for input in prefixes(text)
            .map(str::to_string)
            .chain(substitutions(text))
        {
            let lines = locate_dependency_lines(&path, &input);
            let _ = ecosystems_in(&path, &input);
            let _ = check_dependency_file(&path, &input, &db);
            let count = input.lines().count() as u32 + 1;
            for (_, _, line) in lines {
                // 0: the entry's line is unknown.
                assert!(line <= count, "{name}: line {line} outside the text");
            }
        }
    }
}
