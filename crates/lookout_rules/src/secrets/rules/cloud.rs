//! Google Cloud, Azure, Alibaba Cloud and DigitalOcean credentials.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds Google Cloud service-account JSON keys: a `private_key` in a document of `"type": "service_account"`.
    ///
    /// ## Why is this bad?
    /// The key file authenticates as the service account, with every IAM role it holds, from anywhere.
    ///
    /// ## Example
    /// ```json
    /// {"type": "service_account", "project_id": "shop-prod", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCm0aTZQFxX1TE+zG1l67t4lrynxDh9kndET2itriDFelUPCKGv7CSb6y+Ly8UpBp5H9OGuFa01+fe+c0Q7qV7//dj2Z2OKiklDMZ2IMY1+lEVbJxOyWyQQ9lU\n-----END PRIVATE KEY-----\n", "client_email": "ci@shop-prod.iam.gserviceaccount.com"}
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```json
    /// {"type": "service_account", "project_id": "shop-prod", "private_key": "${GCP_PRIVATE_KEY}"}
    /// ```
    ///
    /// ## References
    /// - <https://cloud.google.com/iam/docs/keys-create-delete>
    GCP_SERVICE_ACCOUNT / GCP_SERVICE_ACCOUNT_META = {
        id: "gcp-service-account",
        title: "Google Cloud service-account key",
        lint: Error,
        scan: Critical,
        keywords: ["service_account"],
        regex: r#"(?-u)"private_key"\s*:\s*"-----BEGIN PRIVATE KEY-----(?:\\n)*(?P<secret>[A-Za-z0-9+/=\\]{64,})-----END PRIVATE KEY-----"#,
        validate: validate::gcp_service_account,
        priority: 20,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Google API keys (`AIza` + 35 characters).
    ///
    /// ## Why is this bad?
    /// An unrestricted API key bills its project for Maps, Gemini or other APIs called by anyone who finds it.
    ///
    /// ## Example
    /// ```text
    /// GOOGLE_API_KEY=AIzaDZmVHeCJgjgvOPOqWhjzi4od5J-V3rMVDw9
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// GOOGLE_API_KEY=AIza-truncated
    /// ```
    ///
    /// ## References
    /// - <https://cloud.google.com/docs/authentication/api-keys>
    GOOGLE_API_KEY / GOOGLE_API_KEY_META = {
        id: "google-api-key",
        title: "Google API key",
        lint: Error,
        scan: High,
        keywords: ["AIza"],
        regex: r#"(?-u)\b(?P<secret>AIza[0-9A-Za-z_-]{35})(?:[^A-Za-z0-9_-]|$)"#,
        entropy: 3.5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Google OAuth client secrets (`GOCSPX-…`).
    ///
    /// ## Why is this bad?
    /// With the client ID, the secret lets an attacker impersonate the application in OAuth flows.
    ///
    /// ## Example
    /// ```yaml
    /// client_secret: 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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```yaml
    /// client_secret: ${GOOGLE_CLIENT_SECRET}
    /// ```
    ///
    /// ## References
    /// - <https://developers.google.com/identity/protocols/oauth2>
    GOOGLE_OAUTH_CLIENT_SECRET / GOOGLE_OAUTH_CLIENT_SECRET_META = {
        id: "google-oauth-client-secret",
        title: "Google OAuth client secret",
        lint: Error,
        scan: High,
        keywords: ["GOCSPX-"],
        regex: r#"(?-u)\b(?P<secret>GOCSPX-[0-9A-Za-z_-]{28})(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Azure storage account keys in connection strings (`AccountKey=…==`).
    ///
    /// ## Why is this bad?
    /// An account key grants full control of every blob, queue, table and file share in the storage account.
    ///
    /// ## Example
    /// ```env
    /// AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=gSMjUQ4h36cb7J0cTlPRcRTg+gwulxawJReJbLvrcw6pghmD5JYusGF/kSxRhNu3rHCcHLCZad9BJF0srRcutB==;EndpointSuffix=core.windows.net
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=${STORAGE_KEY}
    /// ```
    ///
    /// ## References
    /// - <https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage>
    AZURE_STORAGE_ACCOUNT_KEY / AZURE_STORAGE_ACCOUNT_KEY_META = {
        id: "azure-storage-account-key",
        title: "Azure storage account key",
        lint: Error,
        scan: Critical,
        keywords: ["accountkey="],
        regex: r#"(?-u)(?i)AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)"#,
        entropy: 4.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Azure Service Bus / Event Hubs / IoT Hub shared access keys in connection strings.
    ///
    /// ## Why is this bad?
    /// The key signs SAS tokens for the namespace: reading, sending and managing messages.
    ///
    /// ## Example
    /// ```env
    /// SERVICEBUS=Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=tuWfOP6dDDRHkHJCPMD9U93lmvKAj62nob72QWX5uj1=
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SERVICEBUS=Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>
    /// ```
    ///
    /// ## References
    /// - <https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas>
    AZURE_SHARED_ACCESS_KEY / AZURE_SHARED_ACCESS_KEY_META = {
        id: "azure-shared-access-key",
        title: "Azure shared access key",
        lint: Error,
        scan: High,
        keywords: ["sharedaccesskey="],
        regex: r#"(?-u)(?i)SharedAccessKey=(?P<secret>[A-Za-z0-9+/]{42,43}=)"#,
        entropy: 4.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Microsoft Entra ID (Azure AD) application client secrets (`xxx8Q~…`).
    ///
    /// ## Why is this bad?
    /// The secret signs in as the application and gets every permission it was granted in the tenant.
    ///
    /// ## Example
    /// ```env
    /// AZURE_CLIENT_SECRET=Me28Q~j.T9ibaeOX0VHp9W7KmECS2uWvwtnQt7Qr
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// AZURE_CLIENT_SECRET=${AZURE_CLIENT_SECRET}
    /// ```
    ///
    /// ## References
    /// - <https://learn.microsoft.com/entra/identity-platform/quickstart-register-app>
    AZURE_AD_CLIENT_SECRET / AZURE_AD_CLIENT_SECRET_META = {
        id: "azure-ad-client-secret",
        title: "Azure AD (Entra ID) client secret",
        lint: Error,
        scan: High,
        keywords: ["Q~"],
        regex: r#"(?-u)(?:^|[\\'"`\s>=:(,)])(?P<secret>[a-zA-Z0-9_~.]{3}[0-9]Q~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'"`\s<),])"#,
        validate: validate::mixed_case_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Alibaba Cloud AccessKey IDs (`LTAI…`).
    ///
    /// ## Why is this bad?
    /// With its secret, the AccessKey acts as the RAM user on every Alibaba Cloud API.
    ///
    /// ## Example
    /// ```text
    /// ALIBABA_CLOUD_ACCESS_KEY_ID=LTAINf4cgiIKIaVyp3I43g36
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-not-a-key
    /// ```
    ///
    /// ## References
    /// - <https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair>
    ALIBABA_ACCESS_KEY_ID / ALIBABA_ACCESS_KEY_ID_META = {
        id: "alibaba-access-key-id",
        title: "Alibaba Cloud AccessKey ID",
        lint: Error,
        scan: High,
        keywords: ["LTAI"],
        regex: r#"(?-u)\b(?P<secret>LTAI[A-Za-z0-9]{20})\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Alibaba Cloud AccessKey secrets assigned to an `alibaba…secret` name.
    ///
    /// ## Why is this bad?
    /// The secret signs Alibaba Cloud API calls as its RAM user.
    ///
    /// ## Example
    /// ```env
    /// ALIBABA_CLOUD_ACCESS_KEY_SECRET=twaNhPru4TF1TarMXdskuLEErC6yqG
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALIBABA_SECRET}
    /// ```
    ///
    /// ## References
    /// - <https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair>
    ALIBABA_SECRET_KEY / ALIBABA_SECRET_KEY_META = {
        id: "alibaba-secret-key",
        title: "Alibaba Cloud AccessKey secret",
        lint: Error,
        scan: High,
        keywords: ["alibaba"],
        regex: r#"(?-u)(?i)alibaba[a-z0-9_.-]{0,20}?(?:secret|key)[a-z0-9_.-]{0,10}["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[A-Za-z0-9]{30})\b"#,
        entropy: 3.5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds DigitalOcean personal access tokens (`dop_v1_…`).
    ///
    /// ## Why is this bad?
    /// A read-write token creates, reads and destroys droplets, databases and volumes of the team.
    ///
    /// ## Example
    /// ```env
    /// DIGITALOCEAN_TOKEN=dop_v1_c93af92e39d0305f773f94ce00c95f59ad0a5ce93475a3d2c6ed7001425c8d93
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DIGITALOCEAN_TOKEN=dop_v1_${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://docs.digitalocean.com/reference/api/create-personal-access-token/>
    DIGITALOCEAN_PAT / DIGITALOCEAN_PAT_META = {
        id: "digitalocean-pat",
        title: "DigitalOcean personal access token",
        lint: Error,
        scan: Critical,
        keywords: ["dop_v1_"],
        regex: r#"(?-u)\b(?P<secret>dop_v1_[a-f0-9]{64})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds DigitalOcean OAuth access and refresh tokens (`doo_v1_…`, `dor_v1_…`).
    ///
    /// ## Why is this bad?
    /// OAuth tokens act on the authorizing user's team with the granted scopes.
    ///
    /// ## Example
    /// ```env
    /// DO_OAUTH_TOKEN=doo_v1_e7cb95617376781d917f763685167e66f037b31d23bea5011f372fcfee7b5c2b
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DO_OAUTH_TOKEN=doo_v1_<token>
    /// ```
    ///
    /// ## References
    /// - <https://docs.digitalocean.com/reference/api/oauth-api/>
    DIGITALOCEAN_OAUTH_TOKEN / DIGITALOCEAN_OAUTH_TOKEN_META = {
        id: "digitalocean-oauth-token",
        title: "DigitalOcean OAuth token",
        lint: Error,
        scan: High,
        keywords: ["doo_v1_", "dor_v1_"],
        regex: r#"(?-u)\b(?P<secret>do[or]_v1_[a-f0-9]{64})\b"#,
    }
}
