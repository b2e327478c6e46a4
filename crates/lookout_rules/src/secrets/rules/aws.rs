//! Amazon Web Services credentials.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds AWS access key IDs (`AKIA…`, `ASIA…`), the public half of an IAM credential.
    ///
    /// ## Why is this bad?
    /// An access key ID next to its secret gives full use of the IAM user or role; even alone it names the account and the principal to attack.
    ///
    /// ## Example
    /// ```env
    /// AWS_ACCESS_KEY_ID=AKIAAFCR67YQ5FO6DYWR
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html>
    AWS_ACCESS_KEY_ID / AWS_ACCESS_KEY_ID_META = {
        id: "aws-access-key-id",
        title: "AWS access key ID",
        lint: Error,
        scan: Critical,
        keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "A3T"],
        regex: r#"(?-u)\b(?P<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z2-7]{16})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds AWS secret access keys assigned to a `*secret*key` name (40 base64 characters).
    ///
    /// ## Why is this bad?
    /// The secret access key signs API requests: whoever holds it acts as the IAM principal until the key is rotated.
    ///
    /// ## Example
    /// ```text
    /// aws_secret_access_key = i+Dwf3MiKsEqRmzw5nwE9yChw/XeXAOejIBoE4mq
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html>
    AWS_SECRET_ACCESS_KEY / AWS_SECRET_ACCESS_KEY_META = {
        id: "aws-secret-access-key",
        title: "AWS secret access key",
        lint: Error,
        scan: Critical,
        keywords: ["secret_access_key", "secretaccesskey", "secret-access-key", "secret_key", "secretkey", "secret-key"],
        regex: r#"(?-u)(?i)secret[_.-]?(?:access[_.-]?)?key["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        entropy: 3.5,
        validate: validate::letters_and_digits,
        priority: 15,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds AWS STS session tokens assigned to `aws_session_token`.
    ///
    /// ## Why is this bad?
    /// A session token plus its temporary keys is a working credential until it expires.
    ///
    /// ## Example
    /// ```text
    /// AWS_SESSION_TOKEN=gDWWoFpCqzSWgA+YebnRk2qt1Rs8Ri3haZZduX1ZWoxYCnKyGaSzHWvOhCsppkcXda/TSvm3zMje4MrwRWNCb9YXHPVHo4EOOaPykuWeqIez19T9lkl927sCTUegP+ZbWbAG7bAm1e27
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html>
    AWS_SESSION_TOKEN / AWS_SESSION_TOKEN_META = {
        id: "aws-session-token",
        title: "AWS session token",
        lint: Error,
        scan: High,
        keywords: ["session_token", "sessiontoken", "session-token"],
        regex: r#"(?-u)(?i)aws[_.-]?session[_.-]?token["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[A-Za-z0-9/+=]{100,})"#,
        entropy: 4.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Amazon Marketplace Web Service auth tokens (`amzn.mws.<uuid>`).
    ///
    /// ## Why is this bad?
    /// The token lets a developer app act on a seller's Marketplace account.
    ///
    /// ## Example
    /// ```text
    /// MWS_AUTH_TOKEN=amzn.mws.75e514da-f4ad-4deb-d18b-5cba9fc7fe53
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// MWS_AUTH_TOKEN=amzn.mws.<your-token>
    /// ```
    ///
    /// ## References
    /// - <https://developer-docs.amazon.com/sp-api/docs/migrating-from-mws>
    AWS_MWS_KEY / AWS_MWS_KEY_META = {
        id: "aws-mws-key",
        title: "Amazon MWS auth token",
        lint: Error,
        scan: High,
        keywords: ["amzn.mws."],
        regex: r#"(?-u)amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#,
    }
}
