//! Monitoring services: Datadog, New Relic, Grafana, Dynatrace, Sentry.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds Datadog API keys assigned to a `DD_API_KEY` / `datadog…api_key` name.
    ///
    /// ## Why is this bad?
    /// The key submits metrics, logs and events to the organization — and with an application key, reads them.
    ///
    /// ## Example
    /// ```env
    /// DD_API_KEY=c75bf07b9664f508933ea2a109af8f97
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DD_API_KEY=${DD_API_KEY}
    /// ```
    ///
    /// ## References
    /// - <https://docs.datadoghq.com/account_management/api-app-keys/>
    DATADOG_API_KEY / DATADOG_API_KEY_META = {
        id: "datadog-api-key",
        title: "Datadog API key",
        lint: Error,
        scan: High,
        keywords: ["datadog", "dd_api", "dd-api", "ddapi"],
        regex: r#"(?-u)(?i)(?:datadog|dd)[_.-]?api[_.-]?key["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[a-f0-9]{32})\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Datadog application keys assigned to a `DD_APP_KEY` name.
    ///
    /// ## Why is this bad?
    /// An application key reads the organization's dashboards, logs and monitors with its user's rights.
    ///
    /// ## Example
    /// ```env
    /// DD_APP_KEY=5b67763fbe14f61a7b182a464b2c510ba3696046
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DD_APP_KEY=${DD_APP_KEY}
    /// ```
    ///
    /// ## References
    /// - <https://docs.datadoghq.com/account_management/api-app-keys/>
    DATADOG_APP_KEY / DATADOG_APP_KEY_META = {
        id: "datadog-app-key",
        title: "Datadog application key",
        lint: Error,
        scan: High,
        keywords: ["datadog", "dd_app", "dd-app", "ddapp"],
        regex: r#"(?-u)(?i)(?:datadog|dd)[_.-]?app(?:lication)?[_.-]?key["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[a-f0-9]{40})\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds New Relic user API keys (`NRAK-…`).
    ///
    /// ## Why is this bad?
    /// The key queries and changes the account through NerdGraph with its user's rights.
    ///
    /// ## Example
    /// ```env
    /// NEW_RELIC_API_KEY=NRAK-G47B0VN8XMTOD73WVN2XL0P9MM6
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// NEW_RELIC_API_KEY=NRAK-${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/>
    NEW_RELIC_USER_API_KEY / NEW_RELIC_USER_API_KEY_META = {
        id: "new-relic-user-api-key",
        title: "New Relic user API key",
        lint: Error,
        scan: High,
        keywords: ["NRAK-"],
        regex: r#"(?-u)\b(?P<secret>NRAK-[A-Z0-9]{27})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds New Relic ingest license keys (`…NRAL`).
    ///
    /// ## Why is this bad?
    /// The key writes data into the account: forged telemetry and ingest bills.
    ///
    /// ## Example
    /// ```env
    /// NEW_RELIC_LICENSE_KEY=17a02736d6cfccae5cfb45ba58b916b4e431NRAL
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// NEW_RELIC_LICENSE_KEY=${NEW_RELIC_LICENSE_KEY}
    /// ```
    ///
    /// ## References
    /// - <https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/>
    NEW_RELIC_LICENSE_KEY / NEW_RELIC_LICENSE_KEY_META = {
        id: "new-relic-license-key",
        title: "New Relic license key",
        lint: Warning,
        scan: Medium,
        keywords: ["NRAL"],
        regex: r#"(?-u)\b(?P<secret>[a-f0-9]{36}NRAL)\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds New Relic insights insert keys (`NRII-…`).
    ///
    /// ## Why is this bad?
    /// The key writes events into the account.
    ///
    /// ## Example
    /// ```env
    /// NEW_RELIC_INSERT_KEY=NRII-gTCjitznWHHE9gXc0P7yw17alP_1HyB2
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// NEW_RELIC_INSERT_KEY=NRII-
    /// ```
    ///
    /// ## References
    /// - <https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/>
    NEW_RELIC_INSERT_KEY / NEW_RELIC_INSERT_KEY_META = {
        id: "new-relic-insert-key",
        title: "New Relic insert key",
        lint: Warning,
        scan: Medium,
        keywords: ["NRII-"],
        regex: r#"(?-u)\b(?P<secret>NRII-[A-Za-z0-9_-]{32})(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds legacy Grafana API keys (`eyJrIjoi…`).
    ///
    /// ## Why is this bad?
    /// The key calls the Grafana HTTP API with its role: dashboards, data sources and their credentials.
    ///
    /// ## Example
    /// ```env
    /// GRAFANA_API_KEY=eyJrIjoioiMoDl1v8yR4C0RRuCiOjnhhTNjwS7jz6ZYmrkEMkffZdqwqXSOfbmy7PU7WDL4Ji37w1EPx
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// GRAFANA_API_KEY=${GRAFANA_API_KEY}
    /// ```
    ///
    /// ## References
    /// - <https://grafana.com/docs/grafana/latest/administration/service-accounts/>
    GRAFANA_API_KEY / GRAFANA_API_KEY_META = {
        id: "grafana-api-key",
        title: "Grafana API key",
        lint: Error,
        scan: Medium,
        keywords: ["eyJrIjoi"],
        regex: r#"(?-u)\b(?P<secret>eyJrIjoi[A-Za-z0-9]{70,400}={0,2})"#,
        entropy: 3.5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Grafana Cloud access policy tokens (`glc_…`).
    ///
    /// ## Why is this bad?
    /// The token reads or writes the stack's metrics, logs and traces within its scopes.
    ///
    /// ## Example
    /// ```env
    /// GRAFANA_CLOUD_TOKEN=glc_anelJShjNGvlxz5rqbyvxw0BxTJtG1QDWdgVC0ITZmZkMACy
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// GRAFANA_CLOUD_TOKEN=glc_${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/>
    GRAFANA_CLOUD_API_TOKEN / GRAFANA_CLOUD_API_TOKEN_META = {
        id: "grafana-cloud-api-token",
        title: "Grafana Cloud access policy token",
        lint: Error,
        scan: High,
        keywords: ["glc_"],
        regex: r#"(?-u)\b(?P<secret>glc_[A-Za-z0-9+/]{32,400}={0,2})"#,
        validate: validate::mixed_case_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Grafana service account tokens (`glsa_…`).
    ///
    /// ## Why is this bad?
    /// The token acts as the service account on the Grafana instance.
    ///
    /// ## Example
    /// ```env
    /// GRAFANA_TOKEN=glsa_vQaCvD8AtgG2nh4HbSfE8Ff7pc0FuK6S_d2cd09b6
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// GRAFANA_TOKEN=glsa_${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://grafana.com/docs/grafana/latest/administration/service-accounts/>
    GRAFANA_SERVICE_ACCOUNT_TOKEN / GRAFANA_SERVICE_ACCOUNT_TOKEN_META = {
        id: "grafana-service-account-token",
        title: "Grafana service account token",
        lint: Error,
        scan: High,
        keywords: ["glsa_"],
        regex: r#"(?-u)\b(?P<secret>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Dynatrace API tokens (`dt0c01.…`).
    ///
    /// ## Why is this bad?
    /// The token reads monitoring data or changes the environment's configuration within its scopes.
    ///
    /// ## Example
    /// ```env
    /// DT_API_TOKEN=dt0c01.R4JOGMMYB6ESM0X51JPBFICG.1FYRIEWGGUNB9OHSC6NBWTWLGTLUMNL0OD8HRUY13NM5TQZLCHE1I1GCM85MJND5
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DT_API_TOKEN=dt0c01.${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://docs.dynatrace.com/docs/manage/access-control/access-tokens>
    DYNATRACE_API_TOKEN / DYNATRACE_API_TOKEN_META = {
        id: "dynatrace-api-token",
        title: "Dynatrace API token",
        lint: Error,
        scan: High,
        keywords: ["dt0c01."],
        regex: r#"(?-u)\b(?P<secret>dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Sentry organization and user auth tokens (`sntrys_…`, `sntryu_…`).
    ///
    /// ## Why is this bad?
    /// The token uploads releases and source maps and reads issues, which carry user data.
    ///
    /// ## Example
    /// ```env
    /// SENTRY_AUTH_TOKEN=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://docs.sentry.io/account/auth-tokens/>
    SENTRY_AUTH_TOKEN / SENTRY_AUTH_TOKEN_META = {
        id: "sentry-auth-token",
        title: "Sentry auth token",
        lint: Error,
        scan: High,
        keywords: ["sntrys_", "sntryu_"],
        regex: r#"(?-u)\b(?P<secret>sntrys_eyJ[A-Za-z0-9+/=_-]{60,}|sntryu_[a-f0-9]{64})"#,
    }
}
