//! Payment and commerce APIs: Stripe, Square, Shopify.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds Stripe secret API keys (`sk_live_…`, `sk_test_…`).
    ///
    /// ## Why is this bad?
    /// A live secret key creates charges, refunds and payouts on the Stripe account.
    ///
    /// ## Example
    /// ```env
    /// STRIPE_SECRET_KEY=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// STRIPE_PUBLISHABLE_KEY=pk_live_${KEY}
    /// ```
    ///
    /// ## References
    /// - <https://docs.stripe.com/keys>
    STRIPE_SECRET_KEY / STRIPE_SECRET_KEY_META = {
        id: "stripe-secret-key",
        title: "Stripe secret key",
        lint: Error,
        scan: Critical,
        keywords: ["sk_live_", "sk_test_"],
        regex: r#"(?-u)\b(?P<secret>sk_(?:live|test)_[0-9A-Za-z]{24,247})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Stripe restricted API keys (`rk_live_…`).
    ///
    /// ## Why is this bad?
    /// A restricted key still performs every operation it was granted on the account.
    ///
    /// ## Example
    /// ```env
    /// STRIPE_KEY=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// STRIPE_KEY=rk_live_
    /// ```
    ///
    /// ## References
    /// - <https://docs.stripe.com/keys#limit-access>
    STRIPE_RESTRICTED_KEY / STRIPE_RESTRICTED_KEY_META = {
        id: "stripe-restricted-key",
        title: "Stripe restricted key",
        lint: Error,
        scan: High,
        keywords: ["rk_live_", "rk_test_"],
        regex: r#"(?-u)\b(?P<secret>rk_(?:live|test)_[0-9A-Za-z]{24,247})\b"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Stripe webhook signing secrets (`whsec_…`).
    ///
    /// ## Why is this bad?
    /// With the signing secret, forged webhook events pass the application's signature check.
    ///
    /// ## Example
    /// ```env
    /// STRIPE_WEBHOOK_SECRET=whsec_0T3H5UtkJ2vrHrAnIGCxuHsOgV72DJrp
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// STRIPE_WEBHOOK_SECRET=whsec_...
    /// ```
    ///
    /// ## References
    /// - <https://docs.stripe.com/webhooks#verify-events>
    STRIPE_WEBHOOK_SECRET / STRIPE_WEBHOOK_SECRET_META = {
        id: "stripe-webhook-secret",
        title: "Stripe webhook signing secret",
        lint: Warning,
        scan: Medium,
        keywords: ["whsec_"],
        regex: r#"(?-u)\b(?P<secret>whsec_[A-Za-z0-9+/]{32,})"#,
        entropy: 3.0,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Square access tokens (`EAAA…`, `sq0atp-…`).
    ///
    /// ## Why is this bad?
    /// The token takes payments, issues refunds and reads customer data on the seller account.
    ///
    /// ## Example
    /// ```env
    /// SQUARE_ACCESS_TOKEN=EAAAZO8hhYVuk_TNwFp5_twMePgA7lBo1YTzr257m8NaRAmGzXeTr_Ix_r5OWIP-
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SQUARE_ACCESS_TOKEN=EAAA
    /// ```
    ///
    /// ## References
    /// - <https://developer.squareup.com/docs/build-basics/access-tokens>
    SQUARE_ACCESS_TOKEN / SQUARE_ACCESS_TOKEN_META = {
        id: "square-access-token",
        title: "Square access token",
        lint: Error,
        scan: High,
        keywords: ["EAAA", "sq0atp-"],
        regex: r#"(?-u)\b(?P<secret>(?:EAAA|sq0atp-)[0-9A-Za-z_-]{22,60})(?:[^A-Za-z0-9_-]|$)"#,
        validate: validate::mixed_case_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Square OAuth application secrets (`sq0csp-…`).
    ///
    /// ## Why is this bad?
    /// The secret exchanges authorization codes for seller access tokens.
    ///
    /// ## Example
    /// ```env
    /// SQUARE_APP_SECRET=sq0csp-BEjW1BMy0FreKonhqjRYXgIUUTVTt1YIQHfuzFH3310
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SQUARE_APP_SECRET=sq0csp-<secret>
    /// ```
    ///
    /// ## References
    /// - <https://developer.squareup.com/docs/oauth-api/overview>
    SQUARE_OAUTH_SECRET / SQUARE_OAUTH_SECRET_META = {
        id: "square-oauth-secret",
        title: "Square OAuth application secret",
        lint: Error,
        scan: High,
        keywords: ["sq0csp-"],
        regex: r#"(?-u)\b(?P<secret>sq0csp-[0-9A-Za-z_-]{43})(?:[^A-Za-z0-9_-]|$)"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Shopify Admin API access tokens (`shpat_`, `shpca_`, `shppa_`).
    ///
    /// ## Why is this bad?
    /// The token reads and changes the shop's orders, customers and products.
    ///
    /// ## Example
    /// ```env
    /// SHOPIFY_TOKEN=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SHOPIFY_TOKEN=shpat_${TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://shopify.dev/docs/apps/auth>
    SHOPIFY_ACCESS_TOKEN / SHOPIFY_ACCESS_TOKEN_META = {
        id: "shopify-access-token",
        title: "Shopify access token",
        lint: Error,
        scan: High,
        keywords: ["shpat_", "shpca_", "shppa_"],
        regex: r#"(?-u)\b(?P<secret>shp(?:at|ca|pa)_[a-fA-F0-9]{32})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Shopify app shared secrets (`shpss_…`).
    ///
    /// ## Why is this bad?
    /// The shared secret verifies webhooks and OAuth requests; with it they can be forged.
    ///
    /// ## Example
    /// ```env
    /// SHOPIFY_SECRET=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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SHOPIFY_SECRET=shpss_${SECRET}
    /// ```
    ///
    /// ## References
    /// - <https://shopify.dev/docs/apps/auth>
    SHOPIFY_SHARED_SECRET / SHOPIFY_SHARED_SECRET_META = {
        id: "shopify-shared-secret",
        title: "Shopify shared secret",
        lint: Error,
        scan: High,
        keywords: ["shpss_"],
        regex: r#"(?-u)\b(?P<secret>shpss_[a-fA-F0-9]{32})\b"#,
    }
}
