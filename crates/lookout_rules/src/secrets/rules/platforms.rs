//! Developer platforms and SaaS APIs: Heroku, Vault, Terraform Cloud, Doppler, Pulumi, AI APIs, and others.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds Heroku API keys (a UUID) assigned to a `heroku…key` name.
    ///
    /// ## Why is this bad?
    /// The key controls every app of the account: config vars (more secrets), deploys and add-ons.
    ///
    /// ## Example
    /// ```env
    /// HEROKU_API_KEY=df0c34b7-7b28-32ff-01bd-28526a66d11f
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// HEROKU_API_KEY=${HEROKU_API_KEY}
    /// ```
    ///
    /// ## References
    /// - <https://devcenter.heroku.com/articles/authentication>
    HEROKU_API_KEY / HEROKU_API_KEY_META = {
        id: "heroku-api-key",
        title: "Heroku API key",
        lint: Error,
        scan: High,
        keywords: ["heroku"],
        regex: r#"(?-u)(?i)heroku[a-z0-9_.-]{0,20}?(?:api)?[_.-]?(?:key|token)["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Heroku API tokens in the `HRKU-` format.
    ///
    /// ## Why is this bad?
    /// The token controls every app of the account: config vars, deploys and add-ons.
    ///
    /// ## Example
    /// ```env
    /// HEROKU_API_KEY=HRKU-AA5s7qeFHdm14yJYeBRYX6TXIOTyHY7LbtOukl7EtLUkJh5BgAK4kuSVnZhV
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// HEROKU_API_KEY=HRKU-${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://devcenter.heroku.com/articles/authentication>
    HEROKU_API_KEY_V2 / HEROKU_API_KEY_V2_META = {
        id: "heroku-api-key-v2",
        title: "Heroku API token",
        lint: Error,
        scan: High,
        keywords: ["HRKU-"],
        regex: r#"(?-u)\b(?P<secret>HRKU-AA[0-9A-Za-z_-]{58})(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds HashiCorp Vault service tokens (`hvs.…`).
    ///
    /// ## Why is this bad?
    /// A Vault token reads every secret its policies allow — usually many more credentials.
    ///
    /// ## Example
    /// ```env
    /// VAULT_TOKEN=hvs.5KzuBPLjUuYyFdiZF8S_up4zfQR6JhDS1YSITx6RSaQaSlJltMzkYzozsk-rCVBuMZjJqp5ARdwUCcRZI1XuOzONgN3_iqo
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// VAULT_TOKEN=hvs.${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://developer.hashicorp.com/vault/docs/concepts/tokens>
    VAULT_SERVICE_TOKEN / VAULT_SERVICE_TOKEN_META = {
        id: "vault-service-token",
        title: "HashiCorp Vault service token",
        lint: Error,
        scan: Critical,
        keywords: ["hvs."],
        regex: r#"(?-u)\b(?P<secret>hvs\.[A-Za-z0-9_-]{90,120})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds HashiCorp Vault batch tokens (`hvb.…`).
    ///
    /// ## Why is this bad?
    /// A batch token reads every secret its policies allow until it expires.
    ///
    /// ## Example
    /// ```env
    /// VAULT_TOKEN=hvb.kmcmM83_iGs0_X10cVN12Z4c4PviGTvpAl8O7yBb2jmU4g0sPCnqETVXc3tOg13yVsFDe2xABlaRtKw0fdkj6zPO7aC1K24gX_AZ4-hAOZGsnluAQWqPNqKDjlvE7dE_BmT1YVhJMC7rUTP6E2P7Eb
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// VAULT_TOKEN=hvb.${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://developer.hashicorp.com/vault/docs/concepts/tokens>
    VAULT_BATCH_TOKEN / VAULT_BATCH_TOKEN_META = {
        id: "vault-batch-token",
        title: "HashiCorp Vault batch token",
        lint: Error,
        scan: High,
        keywords: ["hvb."],
        regex: r#"(?-u)\b(?P<secret>hvb\.[A-Za-z0-9_-]{138,300})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Terraform Cloud (HCP Terraform) API tokens (`….atlasv1.…`).
    ///
    /// ## Why is this bad?
    /// The token runs plans and applies with the workspace's cloud credentials and reads its state.
    ///
    /// ## Example
    /// ```env
    /// TFE_TOKEN=Pn5uskxTwIqPhZ.atlasv1.9Q_KeaGSvwUcL6_2ttmhfwxgLgnO7M7z-kmj79mutI7gtCbdUPzeC0zBuRyNYigunEK
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// TFE_TOKEN=${TFE_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens>
    TERRAFORM_CLOUD_TOKEN / TERRAFORM_CLOUD_TOKEN_META = {
        id: "terraform-cloud-token",
        title: "Terraform Cloud / HCP Terraform API token",
        lint: Error,
        scan: High,
        keywords: [".atlasv1."],
        regex: r#"(?-u)\b(?P<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Doppler personal, service, CLI and service-account tokens (`dp.pt.…`).
    ///
    /// ## Why is this bad?
    /// A Doppler token downloads every secret of the projects and configs it can reach.
    ///
    /// ## Example
    /// ```env
    /// DOPPLER_TOKEN=dp.pt.I1u2rK95oc0JHoGwV9x9PfxZWqo5TXwNtEVVByvfATr
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DOPPLER_TOKEN=dp.st.${ENV}
    /// ```
    ///
    /// ## References
    /// - <https://docs.doppler.com/docs/token-formats>
    DOPPLER_TOKEN / DOPPLER_TOKEN_META = {
        id: "doppler-token",
        title: "Doppler token",
        lint: Error,
        scan: High,
        keywords: ["dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."],
        regex: r#"(?-u)\b(?P<secret>dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,44})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Pulumi Cloud access tokens (`pul-…`).
    ///
    /// ## Why is this bad?
    /// The token reads stack state (which holds secrets) and runs updates.
    ///
    /// ## Example
    /// ```env
    /// PULUMI_ACCESS_TOKEN=pul-6e5ebac3ea9b58c78ce3e8cb78925b9c92a5a1d7
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// PULUMI_ACCESS_TOKEN=pul-${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/>
    PULUMI_ACCESS_TOKEN / PULUMI_ACCESS_TOKEN_META = {
        id: "pulumi-access-token",
        title: "Pulumi access token",
        lint: Error,
        scan: High,
        keywords: ["pul-"],
        regex: r#"(?-u)\b(?P<secret>pul-[a-f0-9]{40})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Postman API keys (`PMAK-…`).
    ///
    /// ## Why is this bad?
    /// The key reads collections and environments, which often hold more credentials.
    ///
    /// ## Example
    /// ```env
    /// POSTMAN_API_KEY=PMAK-688ecc601fa48b5c4c459a98-4478d58568a171a3d1a21631b30e5945e7
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// POSTMAN_API_KEY=PMAK-${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://learning.postman.com/docs/developer/postman-api/authentication/>
    POSTMAN_API_KEY / POSTMAN_API_KEY_META = {
        id: "postman-api-key",
        title: "Postman API key",
        lint: Error,
        scan: High,
        keywords: ["PMAK-"],
        regex: r#"(?-u)\b(?P<secret>PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Linear API keys (`lin_api_…`).
    ///
    /// ## Why is this bad?
    /// The key reads and edits the workspace's issues and projects as its user.
    ///
    /// ## Example
    /// ```env
    /// LINEAR_API_KEY=lin_api_vGcQb6F7E8n6iGuiBsPOC6rsKE7XDTqIBLK3SncE
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// LINEAR_API_KEY=lin_api_${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://developers.linear.app/docs/graphql/working-with-the-graphql-api#personal-api-keys>
    LINEAR_API_KEY / LINEAR_API_KEY_META = {
        id: "linear-api-key",
        title: "Linear API key",
        lint: Error,
        scan: High,
        keywords: ["lin_api_"],
        regex: r#"(?-u)\b(?P<secret>lin_api_[A-Za-z0-9]{40})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Databricks personal access tokens (`dapi…`).
    ///
    /// ## Why is this bad?
    /// The token runs jobs and queries on the workspace with its user's data access.
    ///
    /// ## Example
    /// ```env
    /// DATABRICKS_TOKEN=dapid37cacc83a873f8dde4a04b2060f7338
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DATABRICKS_TOKEN=${DATABRICKS_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://docs.databricks.com/en/dev-tools/auth/pat.html>
    DATABRICKS_API_TOKEN / DATABRICKS_API_TOKEN_META = {
        id: "databricks-api-token",
        title: "Databricks personal access token",
        lint: Error,
        scan: High,
        keywords: ["dapi"],
        regex: r#"(?-u)\b(?P<secret>dapi[a-f0-9]{32}(?:-[0-9])?)\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds PlanetScale service tokens, OAuth tokens and database passwords (`pscale_…`).
    ///
    /// ## Why is this bad?
    /// The token or password reaches the organization's databases.
    ///
    /// ## Example
    /// ```env
    /// PLANETSCALE_TOKEN=pscale_tkn_KPT1Rz_Z-QWHW2KeuY_SRYYSWfn7mRzUPgT5zKo7h5b
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// PLANETSCALE_TOKEN=pscale_tkn_${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://planetscale.com/docs/concepts/service-tokens>
    PLANETSCALE_TOKEN / PLANETSCALE_TOKEN_META = {
        id: "planetscale-token",
        title: "PlanetScale token or password",
        lint: Error,
        scan: High,
        keywords: ["pscale_tkn_", "pscale_pw_", "pscale_oauth_"],
        regex: r#"(?-u)\b(?P<secret>pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64})"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds OpenAI API keys (`sk-…T3BlbkFJ…`).
    ///
    /// ## Why is this bad?
    /// The key spends the organization's credits and reads its files, assistants and fine-tunes.
    ///
    /// ## Example
    /// ```env
    /// OPENAI_API_KEY=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// OPENAI_API_KEY=sk-proj-${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://platform.openai.com/docs/api-reference/authentication>
    OPENAI_API_KEY / OPENAI_API_KEY_META = {
        id: "openai-api-key",
        title: "OpenAI API key",
        lint: Error,
        scan: Critical,
        keywords: ["T3BlbkFJ"],
        regex: r#"(?-u)\b(?P<secret>sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74})(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Anthropic API keys (`sk-ant-api03-…`).
    ///
    /// ## Why is this bad?
    /// The key spends the organization's credits on the Claude API.
    ///
    /// ## Example
    /// ```env
    /// ANTHROPIC_API_KEY=sk-ant-api03-6rTmzXambDqusZmdUyJ3HAwdc_Z6FcfaiVkhrHsMRZQbQH8fkXq7INh7R0b5y4ZGzGv5t4Fg48dxWqbkh93nyUSAjRFnBAA
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// ANTHROPIC_API_KEY=sk-ant-${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://docs.anthropic.com/en/api/getting-started>
    ANTHROPIC_API_KEY / ANTHROPIC_API_KEY_META = {
        id: "anthropic-api-key",
        title: "Anthropic API key",
        lint: Error,
        scan: Critical,
        keywords: ["sk-ant-"],
        regex: r#"(?-u)\b(?P<secret>sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,100}AA)(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Hugging Face user access tokens (`hf_…`).
    ///
    /// ## Why is this bad?
    /// A write token pushes models and datasets under its owner's name; a read token downloads private ones.
    ///
    /// ## Example
    /// ```env
    /// HF_TOKEN=hf_pUpFdcqC1OrUf6aBkaN0HMwjbg9PK2tKUe
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// HF_TOKEN=hf_${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://huggingface.co/docs/hub/security-tokens>
    HUGGINGFACE_ACCESS_TOKEN / HUGGINGFACE_ACCESS_TOKEN_META = {
        id: "huggingface-access-token",
        title: "Hugging Face access token",
        lint: Error,
        scan: High,
        keywords: ["hf_"],
        regex: r#"(?-u)\b(?P<secret>hf_[A-Za-z0-9]{34,40})\b"#,
        validate: validate::mixed_case_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Cloudflare API tokens assigned to a `cloudflare…token` name.
    ///
    /// ## Why is this bad?
    /// The token changes DNS, firewall and Workers of the zones it covers — enough to redirect traffic.
    ///
    /// ## Example
    /// ```env
    /// CLOUDFLARE_API_TOKEN=5kF___TZGZXgcKfHJBU5epud2Y1TBPE4j5wmHZjK
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// CLOUDFLARE_API_TOKEN=${CLOUDFLARE_API_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://developers.cloudflare.com/fundamentals/api/get-started/create-token/>
    CLOUDFLARE_API_TOKEN / CLOUDFLARE_API_TOKEN_META = {
        id: "cloudflare-api-token",
        title: "Cloudflare API token",
        lint: Error,
        scan: High,
        keywords: ["cloudflare"],
        regex: r#"(?-u)(?i)cloudflare[a-z0-9_.-]{0,20}?(?:api)?[_.-]?(?:key|token)["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.5,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Shippo API tokens (`shippo_live_…`).
    ///
    /// ## Why is this bad?
    /// The token buys shipping labels on the account and reads customer addresses.
    ///
    /// ## Example
    /// ```env
    /// SHIPPO_TOKEN=shippo_live_5b744e34900a248f2162d9794c2e5627937b35f4
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SHIPPO_TOKEN=shippo_live_${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://docs.goshippo.com/docs/guides_general/authentication/>
    SHIPPO_API_TOKEN / SHIPPO_API_TOKEN_META = {
        id: "shippo-api-token",
        title: "Shippo API token",
        lint: Warning,
        scan: Medium,
        keywords: ["shippo_live_", "shippo_test_"],
        regex: r#"(?-u)\b(?P<secret>shippo_(?:live|test)_[a-f0-9]{40})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds EasyPost production API keys (`EZAK…`).
    ///
    /// ## Why is this bad?
    /// The key buys postage on the account and reads shipment addresses.
    ///
    /// ## Example
    /// ```env
    /// EASYPOST_API_KEY=EZAKec065348d340ca51ac5c79ebbc8ac1f19b77ed35bb6058eb47c63a
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// EASYPOST_API_KEY=EZAK${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://docs.easypost.com/docs/authentication>
    EASYPOST_API_TOKEN / EASYPOST_API_TOKEN_META = {
        id: "easypost-api-token",
        title: "EasyPost API key",
        lint: Warning,
        scan: Medium,
        keywords: ["EZAK"],
        regex: r#"(?-u)\b(?P<secret>EZAK[a-f0-9]{54})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Mapbox secret access tokens (`sk.eyJ…`).
    ///
    /// ## Why is this bad?
    /// Secret tokens have scopes public ones lack: uploads, styles and account administration.
    ///
    /// ## Example
    /// ```env
    /// MAPBOX_SECRET_TOKEN=sk.eyJR8wf-fvyynGVGAUd3AVVp750Zh5sjZN9xbaFzp6106nt-x-2uZAWj1crawG4.9zqjH0CiBBqonNS0K-k9uv
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// MAPBOX_PUBLIC_TOKEN=pk.${PUBLIC}
    /// ```
    ///
    /// ## References
    /// - <https://docs.mapbox.com/accounts/guides/tokens/>
    MAPBOX_SECRET_TOKEN / MAPBOX_SECRET_TOKEN_META = {
        id: "mapbox-secret-token",
        title: "Mapbox secret access token",
        lint: Error,
        scan: High,
        keywords: ["sk.eyJ"],
        regex: r#"(?-u)\b(?P<secret>sk\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,})"#,
    }
}
