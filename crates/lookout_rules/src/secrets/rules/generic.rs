//! Catch-all rules: password/secret assignments and database URLs with passwords.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds `password=`, `secret=`, `api_key=` style assignments whose value looks generated (letters with digits or symbols, entropy of at least 3 bits per character), skipping placeholders, variable references and identifiers.
    ///
    /// ## Why is this bad?
    /// A credential in a file is readable by everyone who can read the file, the image or its history, and cannot be rotated without a rebuild.
    ///
    /// ## Example
    /// ```env
    /// DB_PASSWORD=Zq7zIq9YkKKa!Ho18
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DB_PASSWORD=${DB_PASSWORD}
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/798.html>
    GENERIC_SECRET_ASSIGNMENT / GENERIC_SECRET_ASSIGNMENT_META = {
        id: "generic-secret-assignment",
        title: "Hard-coded password or secret",
        lint: Warning,
        scan: Medium,
        keywords: ["password", "passwd", "pwd", "secret", "api_key", "api-key", "apikey", "api.key", "token", "private_key", "private-key", "privatekey"],
        regex: r#"(?-u)(?i)(?:^|[^A-Za-z0-9_.-])[A-Za-z0-9_.-]{0,40}?(?:password|passwd|pwd|secret|api[_.-]?key|apikey|access[_.-]?token|auth[_.-]?token|private[_.-]?key)["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[^\s\"'`;,(){}\[\]<>]{8,200})"#,
        entropy: 3.0,
        validate: validate::generic_secret_value,
        priority: crate::secrets::rule::PRIORITY_GENERIC,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds PostgreSQL, MySQL, MongoDB, Redis, AMQP and other database URLs that embed a password (`postgres://user:password@host/db`), short ones included.
    ///
    /// ## Why is this bad?
    /// The URL is a complete login to the database; anyone who reads it reads (or drops) the data.
    ///
    /// ## Example
    /// ```env
    /// DATABASE_URL=postgres://shop:T6TUGT@db:5432/shop
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```env
    /// DATABASE_URL=postgres://shop@db:5432/shop
    /// ```
    ///
    /// ## References
    /// - <https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS>
    DATABASE_URL_WITH_PASSWORD / DATABASE_URL_WITH_PASSWORD_META = {
        id: "database-url-with-password",
        title: "Database URL with a password",
        lint: Error,
        scan: High,
        keywords: ["postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver", "cockroachdb", "clickhouse"],
        regex: r#"(?-u)(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)(?:\+[a-z0-9]+)?://[^:/\s@\"'<>]{1,64}:(?P<secret>[^@/\s\"'<>]{1,128})@[A-Za-z0-9._\[\]:-]+"#,
        validate: validate::database_password,
    }
}
