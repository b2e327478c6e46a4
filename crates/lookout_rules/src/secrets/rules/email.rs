//! E-mail and SMS APIs: SendGrid, Twilio, Mailgun, Mailchimp, Brevo.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds SendGrid API keys (`SG.…`).
    ///
    /// ## Why is this bad?
    /// The key sends mail from the account's verified domains — spam and phishing that passes SPF/DKIM.
    ///
    /// ## Example
    /// ```env
    /// SENDGRID_API_KEY=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SENDGRID_API_KEY=SG.${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://docs.sendgrid.com/ui/account-and-settings/api-keys>
    SENDGRID_API_KEY / SENDGRID_API_KEY_META = {
        id: "sendgrid-api-key",
        title: "SendGrid API key",
        lint: Error,
        scan: Critical,
        keywords: ["SG."],
        regex: r#"(?-u)\b(?P<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Twilio API key SIDs (`SK` + 32 hex digits).
    ///
    /// ## Why is this bad?
    /// With its secret, the key sends SMS and places calls billed to the account.
    ///
    /// ## Example
    /// ```env
    /// TWILIO_API_KEY=SKc633ad1f4283df6e26496fd4d82d89e8
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// TWILIO_API_KEY=SK${KEY_SID}
    /// ```
    ///
    /// ## References
    /// - <https://www.twilio.com/docs/iam/api-keys>
    TWILIO_API_KEY / TWILIO_API_KEY_META = {
        id: "twilio-api-key",
        title: "Twilio API key",
        lint: Error,
        scan: Medium,
        keywords: ["SK"],
        regex: r#"(?-u)\b(?P<secret>SK[0-9a-fA-F]{32})\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Twilio auth tokens assigned to a `twilio…token` name.
    ///
    /// ## Why is this bad?
    /// The auth token is the account's master credential for every Twilio API.
    ///
    /// ## Example
    /// ```env
    /// TWILIO_AUTH_TOKEN=08bf8fa9f27d465cdcf8832237f8bbde
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://www.twilio.com/docs/iam/api/authtoken>
    TWILIO_AUTH_TOKEN / TWILIO_AUTH_TOKEN_META = {
        id: "twilio-auth-token",
        title: "Twilio auth token",
        lint: Error,
        scan: High,
        keywords: ["twilio"],
        regex: r#"(?-u)(?i)twilio[a-z0-9_.-]{0,20}?(?:auth)?[_.-]?token["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[0-9a-f]{32})\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Mailgun private API keys (`key-` + 32 hex digits).
    ///
    /// ## Why is this bad?
    /// The key sends mail from the account's domains and reads its logs and lists.
    ///
    /// ## Example
    /// ```env
    /// MAILGUN_API_KEY=key-8bd220d80410033e8dd15bb1960f2f64
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// MAILGUN_API_KEY=key-${MAILGUN_KEY}
    /// ```
    ///
    /// ## References
    /// - <https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/#primary-account-api-key>
    MAILGUN_API_KEY / MAILGUN_API_KEY_META = {
        id: "mailgun-api-key",
        title: "Mailgun API key",
        lint: Error,
        scan: High,
        keywords: ["key-"],
        regex: r#"(?-u)\b(?P<secret>key-[0-9a-f]{32})\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Mailchimp API keys (32 hex digits + `-us<dc>`).
    ///
    /// ## Why is this bad?
    /// The key exports audiences (customer e-mail lists) and sends campaigns.
    ///
    /// ## Example
    /// ```env
    /// MAILCHIMP_API_KEY=49a23170168165fb0270189820c2b4a7-us14
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// MAILCHIMP_API_KEY=${MAILCHIMP_API_KEY}
    /// ```
    ///
    /// ## References
    /// - <https://mailchimp.com/developer/marketing/guides/quick-start/>
    MAILCHIMP_API_KEY / MAILCHIMP_API_KEY_META = {
        id: "mailchimp-api-key",
        title: "Mailchimp API key",
        lint: Error,
        scan: High,
        keywords: ["-us"],
        regex: r#"(?-u)\b(?P<secret>[0-9a-f]{32}-us[0-9]{1,2})\b"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Brevo (formerly Sendinblue) API keys (`xkeysib-…`).
    ///
    /// ## Why is this bad?
    /// The key sends mail and SMS and reads the account's contacts.
    ///
    /// ## Example
    /// ```env
    /// BREVO_API_KEY=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// BREVO_API_KEY=xkeysib-<key>
    /// ```
    ///
    /// ## References
    /// - <https://developers.brevo.com/docs/getting-started>
    BREVO_API_KEY / BREVO_API_KEY_META = {
        id: "brevo-api-key",
        title: "Brevo (Sendinblue) API key",
        lint: Error,
        scan: High,
        keywords: ["xkeysib-"],
        regex: r#"(?-u)\b(?P<secret>xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})\b"#,
    }
}
