//! Package and image registries: npm, PyPI, Docker, RubyGems, Clojars, Artifactory, NuGet.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds npm access tokens (`npm_…`).
    ///
    /// ## Why is this bad?
    /// A publish token pushes new versions of the owner's packages: a supply-chain attack on every user.
    ///
    /// ## Example
    /// ```env
    /// NPM_TOKEN=npm_0A31944gaRtB9tzVkmmH3maEwUaPhiYacOfu
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// NPM_TOKEN=npm_${SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.npmjs.com/about-access-tokens>
    NPM_ACCESS_TOKEN / NPM_ACCESS_TOKEN_META = {
        id: "npm-access-token",
        title: "npm access token",
        lint: Error,
        scan: Critical,
        keywords: ["npm_"],
        regex: r#"(?-u)\b(?P<secret>npm_[A-Za-z0-9]{36})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds registry tokens written into `.npmrc` (`_authToken=…`).
    ///
    /// ## Why is this bad?
    /// The token authenticates to the registry (npm, GitHub Packages, Artifactory) to read private and publish packages.
    ///
    /// ## Example
    /// ```ini
    /// //registry.npmjs.org/:_authToken=ddKLLRCiFgNVskRP4VcHUgPWrq5iVMSBaQsQaaAz
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```ini
    /// //registry.npmjs.org/:_authToken=${NPM_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration>
    NPMRC_AUTH_TOKEN / NPMRC_AUTH_TOKEN_META = {
        id: "npmrc-auth-token",
        title: "npm registry auth token in .npmrc",
        lint: Error,
        scan: Critical,
        keywords: ["_authtoken"],
        regex: r#"(?-u)(?i)_authToken\s*=\s*[\"']?(?P<secret>[^\s\"'$]{16,})"#,
        validate: validate::letters_and_digits,
        priority: 5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds base64 `user:password` pairs written into `.npmrc` (`_auth=…`).
    ///
    /// ## Why is this bad?
    /// The pair is a registry password, readable by anyone who decodes base64.
    ///
    /// ## Example
    /// ```ini
    /// _auth=ZGVwbG95Om04dUlmbzFpSHhseElMa0ZFRVpr
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```ini
    /// _auth=${NPM_AUTH}
    /// ```
    ///
    /// ## References
    /// - <https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration>
    NPMRC_BASIC_AUTH / NPMRC_BASIC_AUTH_META = {
        id: "npmrc-basic-auth",
        title: "npm registry basic auth in .npmrc",
        lint: Error,
        scan: High,
        keywords: ["_auth"],
        regex: r#"(?-u)(?im)^\s*(?://[^\s=]*:)?_auth\s*=\s*[\"']?(?P<secret>[A-Za-z0-9+/]{12,}={0,2})"#,
        validate: validate::basic_auth_base64,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds PyPI and TestPyPI API tokens (`pypi-AgEIcHlwaS5vcmc…`).
    ///
    /// ## Why is this bad?
    /// An upload token publishes new releases of the owner's projects to PyPI.
    ///
    /// ## Example
    /// ```ini
    /// password = pypi-AgEIcHlwaS5vcmchFzQiWyD2ZvbOQgfuni_0lncr775FkD1hkXPyWxNqxec0ATlKiyXjXIq8yvD6JkcWIGRHr
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```ini
    /// # PyPI tokens start with pypi-AgEIcHlwaS5vcmc
    /// password = %(PYPI_TOKEN)s
    /// ```
    ///
    /// ## References
    /// - <https://pypi.org/help/#apitoken>
    PYPI_UPLOAD_TOKEN / PYPI_UPLOAD_TOKEN_META = {
        id: "pypi-upload-token",
        title: "PyPI upload token",
        lint: Error,
        scan: Critical,
        keywords: ["pypi-AgE"],
        regex: r#"(?-u)\b(?P<secret>pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds registry credentials in Docker `config.json`: an `auths` entry whose `auth` is base64 `user:password`.
    ///
    /// ## Why is this bad?
    /// The pair logs in to the registry: pulling private images and pushing poisoned ones.
    ///
    /// ## Example
    /// ```json
    /// {"auths": {"registry.example.com": {"auth": "Y2ktYm90Ok9zUW0zc0xVNFhubHh0Z1lSVURBMWdjYQ=="}}}
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```json
    /// {"auths": {"registry.example.com": {}}, "credsStore": "desktop"}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/cli/docker/login/#credential-stores>
    DOCKER_CONFIG_AUTH / DOCKER_CONFIG_AUTH_META = {
        id: "docker-config-auth",
        title: "Registry credential in Docker config.json",
        lint: Error,
        scan: High,
        keywords: ["\"auths\""],
        regex: r#"(?-u)"auth"\s*:\s*"(?P<secret>[A-Za-z0-9+/]{8,}={0,2})""#,
        validate: validate::docker_auth,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds RubyGems.org API keys (`rubygems_…`).
    ///
    /// ## Why is this bad?
    /// The key pushes and yanks gem versions of its owner.
    ///
    /// ## Example
    /// ```yaml
    /// :rubygems_api_key: rubygems_071a3b5e30aba2f03bdecade53b8532634ec2108213e719b
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```yaml
    /// :rubygems_api_key: rubygems_<key>
    /// ```
    ///
    /// ## References
    /// - <https://guides.rubygems.org/api-key-scopes/>
    RUBYGEMS_API_KEY / RUBYGEMS_API_KEY_META = {
        id: "rubygems-api-key",
        title: "RubyGems API key",
        lint: Error,
        scan: High,
        keywords: ["rubygems_"],
        regex: r#"(?-u)\b(?P<secret>rubygems_[a-f0-9]{48})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Clojars deploy tokens (`CLOJARS_…`).
    ///
    /// ## Why is this bad?
    /// The token deploys artifacts under its owner's groups.
    ///
    /// ## Example
    /// ```env
    /// CLOJARS_PASSWORD=CLOJARS_25v0s0jkx73iazfg7jdz80astugq7pgn19h6dhgthle71yryikbqpf92ohzv
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// CLOJARS_PASSWORD=${CLOJARS_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://github.com/clojars/clojars-web/wiki/Deploy-Tokens>
    CLOJARS_API_TOKEN / CLOJARS_API_TOKEN_META = {
        id: "clojars-api-token",
        title: "Clojars deploy token",
        lint: Error,
        scan: Medium,
        keywords: ["CLOJARS_"],
        regex: r#"(?-u)\b(?P<secret>CLOJARS_[a-z0-9]{60})\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds JFrog Artifactory API keys (`AKCp…`).
    ///
    /// ## Why is this bad?
    /// The key reads and deploys artifacts in every repository its user can reach.
    ///
    /// ## Example
    /// ```env
    /// ARTIFACTORY_API_KEY=AKCpFj76RI2wQK56ekFf3evxDUx4DuveX4wZsMmTye1EE1VHEC42qu6TKgSHPzwCsPdXFuS44
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// ARTIFACTORY_API_KEY=AKCp${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://jfrog.com/help/r/jfrog-platform-administration-documentation/api-key>
    ARTIFACTORY_API_KEY / ARTIFACTORY_API_KEY_META = {
        id: "artifactory-api-key",
        title: "JFrog Artifactory API key",
        lint: Error,
        scan: High,
        keywords: ["AKCp"],
        regex: r#"(?-u)\b(?P<secret>AKCp[A-Za-z0-9]{69})\b"#,
        entropy: 3.5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds nuget.org API keys (`oy2…`).
    ///
    /// ## Why is this bad?
    /// The key pushes new versions of its owner's NuGet packages.
    ///
    /// ## Example
    /// ```env
    /// NUGET_API_KEY=oy2blcjwtfsfeexeb1hmubjvztzyf2sj7ft825v4k7op5y
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// NUGET_API_KEY=oy2-not-set
    /// ```
    ///
    /// ## References
    /// - <https://learn.microsoft.com/nuget/nuget-org/scoped-api-keys>
    NUGET_API_KEY / NUGET_API_KEY_META = {
        id: "nuget-api-key",
        title: "NuGet API key",
        lint: Error,
        scan: High,
        keywords: ["oy2"],
        regex: r#"(?-u)\b(?P<secret>oy2[a-z0-9]{43})\b"#,
        entropy: 3.5,
        validate: validate::letters_and_digits,
    }
}
