//! Chat platforms: Slack, Discord, Telegram tokens and webhooks.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds Slack bot tokens (`xoxb-…`).
    ///
    /// ## Why is this bad?
    /// A bot token reads channels and posts messages as the app in the workspace.
    ///
    /// ## Example
    /// ```env
    /// SLACK_BOT_TOKEN=xoxb-239584423076-7450076147599-iv3CpSAYVTEAJghkYrloGE24
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SLACK_BOT_TOKEN=xoxb-your-bot-token
    /// ```
    ///
    /// ## References
    /// - <https://api.slack.com/authentication/token-types>
    SLACK_BOT_TOKEN / SLACK_BOT_TOKEN_META = {
        id: "slack-bot-token",
        title: "Slack bot token",
        lint: Error,
        scan: High,
        keywords: ["xoxb-"],
        regex: r#"(?-u)\b(?P<secret>xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Slack user tokens (`xoxp-…`, `xoxe-…`).
    ///
    /// ## Why is this bad?
    /// A user token acts as the person who installed the app: their messages, files and channels.
    ///
    /// ## Example
    /// ```env
    /// SLACK_TOKEN=xoxp-377952455138-158729744481-438360538895-2zeqOWhjzluyuTsaV06qe0ElyrZEZj12
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SLACK_TOKEN=xoxp-0000
    /// ```
    ///
    /// ## References
    /// - <https://api.slack.com/authentication/token-types>
    SLACK_USER_TOKEN / SLACK_USER_TOKEN_META = {
        id: "slack-user-token",
        title: "Slack user token",
        lint: Error,
        scan: High,
        keywords: ["xoxp-", "xoxe-"],
        regex: r#"(?-u)\b(?P<secret>xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9]{28,34})\b"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Slack app-level tokens (`xapp-…`), used for Socket Mode.
    ///
    /// ## Why is this bad?
    /// An app-level token opens Socket Mode connections that receive the app's events.
    ///
    /// ## Example
    /// ```env
    /// SLACK_APP_TOKEN=xapp-1-ABJHYN26SGY-0894415528016-06748126840142a85024e38ed42b6d6a524eb0c27b3c29a65a0a076967c10010
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SLACK_APP_TOKEN=xapp-1-placeholder
    /// ```
    ///
    /// ## References
    /// - <https://api.slack.com/authentication/token-types>
    SLACK_APP_TOKEN / SLACK_APP_TOKEN_META = {
        id: "slack-app-token",
        title: "Slack app-level token",
        lint: Error,
        scan: High,
        keywords: ["xapp-"],
        regex: r#"(?-u)(?i)\b(?P<secret>xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]{32,})\b"#,
        entropy: 3.5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Slack incoming-webhook URLs.
    ///
    /// ## Why is this bad?
    /// Anyone with the URL can post messages into the channel, a classic phishing vector.
    ///
    /// ## Example
    /// ```env
    /// SLACK_WEBHOOK=https://hooks.slack.com/services/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
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// SLACK_WEBHOOK=https://hooks.slack.com/services/${SLACK_WEBHOOK_PATH}
    /// ```
    ///
    /// ## References
    /// - <https://api.slack.com/messaging/webhooks>
    SLACK_WEBHOOK_URL / SLACK_WEBHOOK_URL_META = {
        id: "slack-webhook-url",
        title: "Slack incoming webhook",
        lint: Warning,
        scan: Medium,
        keywords: ["hooks.slack.com"],
        regex: r#"(?-u)https?://hooks\.slack\.com/(?:services|workflows|triggers)/(?P<secret>[A-Za-z0-9+/]{43,56})"#,
        validate: validate::letters_and_digits,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Discord bot tokens assigned to a `discord…` name.
    ///
    /// ## Why is this bad?
    /// The token logs in as the bot: every server it joined, every message it can read.
    ///
    /// ## Example
    /// ```env
    /// DISCORD_TOKEN=MGEQNNUlrZk_FrnSB-4nF4Mu7c.d1D465.rD8KJb549XFUvcWqGkeDIMLiR8G2DZgXLS1zrQ
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DISCORD_TOKEN=${DISCORD_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://discord.com/developers/docs/reference#authentication>
    DISCORD_BOT_TOKEN / DISCORD_BOT_TOKEN_META = {
        id: "discord-bot-token",
        title: "Discord bot token",
        lint: Error,
        scan: High,
        keywords: ["discord"],
        regex: r#"(?-u)(?i)discord[a-z0-9_.-]{0,20}?["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>(?-i:[MNO])[A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})"#,
        entropy: 3.5,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Discord webhook URLs.
    ///
    /// ## Why is this bad?
    /// The URL posts messages into the channel as the webhook, no login needed.
    ///
    /// ## Example
    /// ```env
    /// WEBHOOK=https://discord.com/api/webhooks/088706889081604926/YOyjDVWAyskZ_0YubRP9i1nJBhXHa4NxoUc0yo8zwzJO7Nu41H3_idDXTbjVMCd28zQA
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// WEBHOOK=https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}
    /// ```
    ///
    /// ## References
    /// - <https://discord.com/developers/docs/resources/webhook>
    DISCORD_WEBHOOK_URL / DISCORD_WEBHOOK_URL_META = {
        id: "discord-webhook-url",
        title: "Discord webhook",
        lint: Warning,
        scan: Medium,
        keywords: ["discord.com/api/webhooks", "discordapp.com/api/webhooks"],
        regex: r#"(?-u)https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/(?P<secret>[A-Za-z0-9_-]{60,68})"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds Telegram Bot API tokens (`<bot id>:AA…`).
    ///
    /// ## Why is this bad?
    /// The token controls the bot: its chats, messages and webhooks.
    ///
    /// ## Example
    /// ```env
    /// TELEGRAM_BOT_TOKEN=8604658868:AA6zqTWlzrCzQZdV0-x1RjiYs2PJ_CDkC0h
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// TELEGRAM_BOT_TOKEN=123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11
    /// ```
    ///
    /// ## References
    /// - <https://core.telegram.org/bots/api#authorizing-your-bot>
    TELEGRAM_BOT_TOKEN / TELEGRAM_BOT_TOKEN_META = {
        id: "telegram-bot-token",
        title: "Telegram bot token",
        lint: Error,
        scan: High,
        keywords: [":AA"],
        regex: r#"(?-u)\b(?P<secret>[0-9]{8,10}:AA[0-9A-Za-z_-]{33})(?:[^A-Za-z0-9_-]|$)"#,
    }
}
