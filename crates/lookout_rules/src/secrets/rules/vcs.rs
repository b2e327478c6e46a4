//! Source-hosting tokens: GitHub, GitLab, Atlassian.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;

secret_rule! {
    /// ## What it does
    /// Finds GitHub classic personal access tokens (`ghp_` + 36 characters).
    ///
    /// ## Why is this bad?
    /// The token reads and writes repositories, packages and workflows with its owner's rights.
    ///
    /// ## Example
    /// ```yaml
    /// github_token: ghp_BwvGk0U6NiwwF7jGUxJ7QYKYfuGMrobIGbv5
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```yaml
    /// github_token: ghp_${TOKEN_SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats>
    GITHUB_PAT / GITHUB_PAT_META = {
        id: "github-pat",
        title: "GitHub personal access token",
        lint: Error,
        scan: Critical,
        keywords: ["ghp_"],
        regex: r#"(?-u)\b(?P<secret>ghp_[0-9A-Za-z]{36})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitHub OAuth access tokens (`gho_` + 36 characters).
    ///
    /// ## Why is this bad?
    /// The token reads and writes repositories, packages and workflows with its owner's rights.
    ///
    /// ## Example
    /// ```yaml
    /// github_token: gho_5hm1F1T3EI1MyU5jVrkO7CM7gxu30FJNMjCR
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```yaml
    /// github_token: gho_${TOKEN_SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats>
    GITHUB_OAUTH / GITHUB_OAUTH_META = {
        id: "github-oauth",
        title: "GitHub OAuth access token",
        lint: Error,
        scan: Critical,
        keywords: ["gho_"],
        regex: r#"(?-u)\b(?P<secret>gho_[0-9A-Za-z]{36})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitHub App user-to-server tokens (`ghu_` + 36 characters).
    ///
    /// ## Why is this bad?
    /// The token reads and writes repositories, packages and workflows with its owner's rights.
    ///
    /// ## Example
    /// ```yaml
    /// github_token: ghu_BpLny6PPPQjuKoN5s1CgX0jMTqp9ZDew5bLU
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```yaml
    /// github_token: ghu_${TOKEN_SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats>
    GITHUB_APP_USER_TOKEN / GITHUB_APP_USER_TOKEN_META = {
        id: "github-app-user-token",
        title: "GitHub App user-to-server token",
        lint: Error,
        scan: Critical,
        keywords: ["ghu_"],
        regex: r#"(?-u)\b(?P<secret>ghu_[0-9A-Za-z]{36})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitHub App installation (server-to-server) tokens (`ghs_` + 36 characters).
    ///
    /// ## Why is this bad?
    /// The token reads and writes repositories, packages and workflows with its owner's rights.
    ///
    /// ## Example
    /// ```yaml
    /// github_token: ghs_r08FJJZaH8mxaRDV8eqvcBpGbAL5tYWrusoj
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```yaml
    /// github_token: ghs_${TOKEN_SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats>
    GITHUB_APP_INSTALLATION_TOKEN / GITHUB_APP_INSTALLATION_TOKEN_META = {
        id: "github-app-installation-token",
        title: "GitHub App installation token",
        lint: Error,
        scan: Critical,
        keywords: ["ghs_"],
        regex: r#"(?-u)\b(?P<secret>ghs_[0-9A-Za-z]{36})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitHub App refresh tokens (`ghr_…`).
    ///
    /// ## Why is this bad?
    /// A refresh token mints new user-to-server tokens for as long as it stays valid.
    ///
    /// ## Example
    /// ```yaml
    /// refresh_token: ghr_szZlaJSC8mdPH6zAQ3F5yPeJPWn9ooh9z5vCo91swvGeXmmXWp318TEdZDT8q3v5VyfIqAGvPzDb
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```yaml
    /// refresh_token: ghr_short
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens>
    GITHUB_REFRESH_TOKEN / GITHUB_REFRESH_TOKEN_META = {
        id: "github-refresh-token",
        title: "GitHub refresh token",
        lint: Error,
        scan: Critical,
        keywords: ["ghr_"],
        regex: r#"(?-u)\b(?P<secret>ghr_[0-9A-Za-z]{36,76})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitHub fine-grained personal access tokens (`github_pat_…`).
    ///
    /// ## Why is this bad?
    /// The token acts on the selected repositories and organizations with its granted permissions.
    ///
    /// ## Example
    /// ```env
    /// GH_TOKEN=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// GH_TOKEN=github_pat_${SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens>
    GITHUB_FINE_GRAINED_PAT / GITHUB_FINE_GRAINED_PAT_META = {
        id: "github-fine-grained-pat",
        title: "GitHub fine-grained personal access token",
        lint: Error,
        scan: Critical,
        keywords: ["github_pat_"],
        regex: r#"(?-u)\b(?P<secret>github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitLab personal, project and group access tokens (`glpat-…`).
    ///
    /// ## Why is this bad?
    /// The token calls the GitLab API and Git over HTTPS with its owner's rights.
    ///
    /// ## Example
    /// ```env
    /// GITLAB_TOKEN=glpat-lR6N-ZzML9ygbQuqaWQ9
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// GITLAB_TOKEN=glpat-${SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.gitlab.com/ee/security/tokens/>
    GITLAB_PAT / GITLAB_PAT_META = {
        id: "gitlab-pat",
        title: "GitLab personal access token",
        lint: Error,
        scan: Critical,
        keywords: ["glpat-"],
        regex: r#"(?-u)\b(?P<secret>glpat-[0-9A-Za-z_-]{20,})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitLab pipeline trigger tokens (`glptt-…`).
    ///
    /// ## Why is this bad?
    /// The token starts pipelines, which run with the project's CI secrets.
    ///
    /// ## Example
    /// ```env
    /// GITLAB_TOKEN=glptt-3c015a172fff62d23e43f538f4783bad769ea6e7
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// GITLAB_TOKEN=glptt-${SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.gitlab.com/ee/security/tokens/>
    GITLAB_PIPELINE_TRIGGER_TOKEN / GITLAB_PIPELINE_TRIGGER_TOKEN_META = {
        id: "gitlab-pipeline-trigger-token",
        title: "GitLab pipeline trigger token",
        lint: Error,
        scan: High,
        keywords: ["glptt-"],
        regex: r#"(?-u)\b(?P<secret>glptt-[0-9a-f]{40})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitLab runner authentication tokens (`glrt-…`).
    ///
    /// ## Why is this bad?
    /// A runner token lets a machine pick up jobs, and with them the project's CI variables.
    ///
    /// ## Example
    /// ```env
    /// GITLAB_TOKEN=glrt-eWby6d2dGiVUvLZTPmYL
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// GITLAB_TOKEN=glrt-${SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.gitlab.com/ee/security/tokens/>
    GITLAB_RUNNER_AUTH_TOKEN / GITLAB_RUNNER_AUTH_TOKEN_META = {
        id: "gitlab-runner-auth-token",
        title: "GitLab runner authentication token",
        lint: Error,
        scan: High,
        keywords: ["glrt-"],
        regex: r#"(?-u)\b(?P<secret>glrt-[0-9A-Za-z_-]{20,})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitLab deploy tokens (`gldt-…`).
    ///
    /// ## Why is this bad?
    /// A deploy token reads (or writes) repositories, packages and registry images.
    ///
    /// ## Example
    /// ```env
    /// GITLAB_TOKEN=gldt-jTQhD33qwBZJF3yQvggT
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// GITLAB_TOKEN=gldt-${SUFFIX}
    /// ```
    ///
    /// ## References
    /// - <https://docs.gitlab.com/ee/security/tokens/>
    GITLAB_DEPLOY_TOKEN / GITLAB_DEPLOY_TOKEN_META = {
        id: "gitlab-deploy-token",
        title: "GitLab deploy token",
        lint: Error,
        scan: High,
        keywords: ["gldt-"],
        regex: r#"(?-u)\b(?P<secret>gldt-[0-9A-Za-z_-]{20,})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds GitLab runner registration tokens (`GR1348941…`).
    ///
    /// ## Why is this bad?
    /// Anyone with the token can register a runner and receive the project's jobs and secrets.
    ///
    /// ## Example
    /// ```env
    /// REGISTRATION_TOKEN=GR1348941p6i1VqhfeGUcsXMwAVoH
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// REGISTRATION_TOKEN=GR1348941
    /// ```
    ///
    /// ## References
    /// - <https://docs.gitlab.com/ee/security/tokens/>
    GITLAB_RUNNER_REGISTRATION_TOKEN / GITLAB_RUNNER_REGISTRATION_TOKEN_META = {
        id: "gitlab-runner-registration-token",
        title: "GitLab runner registration token",
        lint: Error,
        scan: High,
        keywords: ["GR1348941"],
        regex: r#"(?-u)\b(?P<secret>GR1348941[0-9A-Za-z_-]{20})(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Atlassian Cloud API tokens (`ATATT3…`) for Jira, Confluence and Bitbucket.
    ///
    /// ## Why is this bad?
    /// The token signs in to Atlassian Cloud as its user, with all of the user's project access.
    ///
    /// ## Example
    /// ```env
    /// JIRA_API_TOKEN=ATATT3aPl4HkzdUVeHSDbfCoU2djY108MVcqWjUfXy7wHMPAkOirMfKeE_sSq20St8b6M4la6AZ0vmnX39aQXvnWZLpb4J5R8bueS_FGyiCbtLw2QGNewFqERwiOb5qNcgZ28_B3jYukXn6w8zvZ=93TsX0FLC-ZjMHR1623rEQSlhIsB=Xe6lYDBe7Ed=ub
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// JIRA_API_TOKEN=ATATT3-see-vault
    /// ```
    ///
    /// ## References
    /// - <https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/>
    ATLASSIAN_API_TOKEN / ATLASSIAN_API_TOKEN_META = {
        id: "atlassian-api-token",
        title: "Atlassian API token",
        lint: Error,
        scan: High,
        keywords: ["ATATT3"],
        regex: r#"(?-u)\b(?P<secret>ATATT3[A-Za-z0-9_=-]{180,200})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.5,
    }
}
