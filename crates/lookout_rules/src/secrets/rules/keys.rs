//! Private keys (PEM, OpenSSH, PGP, age) and JSON Web Tokens.
//!
//! Example values in the docs are random strings in the vendors' formats, not real
//! credentials.

use crate::secrets::rule::secret_rule;
use crate::secrets::validate;

secret_rule! {
    /// ## What it does
    /// Finds PEM RSA private keys (`-----BEGIN RSA PRIVATE KEY-----`, encrypted or not): the BEGIN line followed by a base64 body (a header alone does not fire).
    ///
    /// ## Why is this bad?
    /// The private key authenticates as its owner (SSH logins, TLS servers, signing) for as long as the public half is trusted.
    ///
    /// ## Example
    /// ```text
    /// -----BEGIN RSA PRIVATE KEY-----
    /// MIIEowIBAAKCAQEAtmr8ewAPySYINchCFl8q87OAXH8Qjd87jON6Hl7DqTiCWzHF
    /// JDgD57sFR2qm2fhHG5aC2NJocdUd1c1ujq4FwME1EHMKOd95L1d/AjyeDE8gc1z/
    /// PJVhxhcwsa9fcgN3ru4SEHwrNQK7wYyuB1yzn3Suz2dKtqrrv554IFsvcRc628P4
    /// KnI8IA9Z4+37VpE0wDAUOiF+UlOYtCWKfcAWYgzYoTvjJJl6EyTFK4PVhRXK0Q6K
    /// -----END RSA PRIVATE KEY-----
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// -----BEGIN RSA PRIVATE KEY-----
    /// (mounted at runtime from a secret store)
    /// -----END RSA PRIVATE KEY-----
    /// ```
    ///
    /// ## References
    /// - <https://www.rfc-editor.org/rfc/rfc7468>
    RSA_PRIVATE_KEY / RSA_PRIVATE_KEY_META = {
        id: "rsa-private-key",
        title: "RSA private key",
        lint: Error,
        scan: High,
        keywords: ["BEGIN RSA PRIVATE KEY"],
        regex: r#"(?-u)-----BEGIN RSA PRIVATE KEY-----(?:\s|\\[rn])*(?:[A-Za-z][A-Za-z-]*:[^\n]*\n)*(?:\s|\\[rn])*(?P<secret>(?:[A-Za-z0-9+/=]|\s|\\[rn]){64,})"#,
        validate: validate::private_key_body,
        priority: 12,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds PEM elliptic-curve private keys (`-----BEGIN EC PRIVATE KEY-----`): the BEGIN line followed by a base64 body (a header alone does not fire).
    ///
    /// ## Why is this bad?
    /// The private key authenticates as its owner (SSH logins, TLS servers, signing) for as long as the public half is trusted.
    ///
    /// ## Example
    /// ```text
    /// -----BEGIN EC PRIVATE KEY-----
    /// MHcCAQEEIa4UmMmtjcbtBpUHbneAwMFpzDEsv80N8sV3i4dpHAz0BJXXL6KOoOF3
    /// lA1o1YTse8hU4wdjCvmn6ivhg4hyVwxZrMxLD4G7+kmkTgwquW5os8BXpUsjk/fk
    /// M/iXCYxgzoTT6qdw/GzZULwhSNXphC531E1YaaoUqMOTlVMu7lSlxACPj3YwztA4
    /// DYadHOd+hyFE6uF3QVOCcCBI3zcacITGN+WFHPSUOjgWVHyY6vzXkFwQ8xhAmXw7
    /// -----END EC PRIVATE KEY-----
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// -----BEGIN EC PRIVATE KEY-----
    /// (mounted at runtime from a secret store)
    /// -----END EC PRIVATE KEY-----
    /// ```
    ///
    /// ## References
    /// - <https://www.rfc-editor.org/rfc/rfc7468>
    EC_PRIVATE_KEY / EC_PRIVATE_KEY_META = {
        id: "ec-private-key",
        title: "EC private key",
        lint: Error,
        scan: High,
        keywords: ["BEGIN EC PRIVATE KEY"],
        regex: r#"(?-u)-----BEGIN EC PRIVATE KEY-----(?:\s|\\[rn])*(?:[A-Za-z][A-Za-z-]*:[^\n]*\n)*(?:\s|\\[rn])*(?P<secret>(?:[A-Za-z0-9+/=]|\s|\\[rn]){64,})"#,
        validate: validate::private_key_body,
        priority: 12,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds PEM DSA private keys (`-----BEGIN DSA PRIVATE KEY-----`): the BEGIN line followed by a base64 body (a header alone does not fire).
    ///
    /// ## Why is this bad?
    /// The private key authenticates as its owner (SSH logins, TLS servers, signing) for as long as the public half is trusted.
    ///
    /// ## Example
    /// ```text
    /// -----BEGIN DSA PRIVATE KEY-----
    /// MIIBuwIBAAKBgQc4TFwx4uNC6PVCUjX5VMECxMmV2Z2yClPQdcay7r1N5r0WWdrJ
    /// 4zst9sDh879TzBInllzMIOHzPZId8/VwDNuIe54kmeAvPExmrCVMfx/OEVebh6ZK
    /// GljcmWpfXDqSICrrvubkGYAiArhwTKGoJ/LwAv7oUf0Sma6cLB003dPZ2bxry74q
    /// Iy4iddzOgyz76Ii4CUkH0UFZYHWRtUYxzOsqvjlRedN0+si6rlEtsgjjBj/Q/9ZZ
    /// -----END DSA PRIVATE KEY-----
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// -----BEGIN DSA PRIVATE KEY-----
    /// (mounted at runtime from a secret store)
    /// -----END DSA PRIVATE KEY-----
    /// ```
    ///
    /// ## References
    /// - <https://www.rfc-editor.org/rfc/rfc7468>
    DSA_PRIVATE_KEY / DSA_PRIVATE_KEY_META = {
        id: "dsa-private-key",
        title: "DSA private key",
        lint: Error,
        scan: High,
        keywords: ["BEGIN DSA PRIVATE KEY"],
        regex: r#"(?-u)-----BEGIN DSA PRIVATE KEY-----(?:\s|\\[rn])*(?:[A-Za-z][A-Za-z-]*:[^\n]*\n)*(?:\s|\\[rn])*(?P<secret>(?:[A-Za-z0-9+/=]|\s|\\[rn]){64,})"#,
        validate: validate::private_key_body,
        priority: 12,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds OpenSSH-format private keys (`-----BEGIN OPENSSH PRIVATE KEY-----`): the BEGIN line followed by a base64 body (a header alone does not fire).
    ///
    /// ## Why is this bad?
    /// The private key authenticates as its owner (SSH logins, TLS servers, signing) for as long as the public half is trusted.
    ///
    /// ## Example
    /// ```text
    /// -----BEGIN OPENSSH PRIVATE KEY-----
    /// b3BlbnNzaC1rZXktdjEAAAAAtza7gqIMLm3tdycS8jwZGLlLB+2KPHFHvOu9zD6I
    /// aZwWzx9IgILKXV9rNK2oLRWAPoAcQZguP/fN2YQZtCHUddm8w20K0q+9tKrJpF68
    /// pgoO9fpAUbe7iJXfEypbJdSerCg4kuk+Ls8zXKbiXCNtZZd9kkWPSwfPicxNNzS3
    /// hUqGfI/EwAH7NTiIEI5NSd90GnQox1fM481ZGmP4+rasruTblGxb1aFdmcrfgEQu
    /// -----END OPENSSH PRIVATE KEY-----
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// -----BEGIN OPENSSH PRIVATE KEY-----
    /// (mounted at runtime from a secret store)
    /// -----END OPENSSH PRIVATE KEY-----
    /// ```
    ///
    /// ## References
    /// - <https://www.rfc-editor.org/rfc/rfc7468>
    OPENSSH_PRIVATE_KEY / OPENSSH_PRIVATE_KEY_META = {
        id: "openssh-private-key",
        title: "OpenSSH private key",
        lint: Error,
        scan: High,
        keywords: ["BEGIN OPENSSH PRIVATE KEY"],
        regex: r#"(?-u)-----BEGIN OPENSSH PRIVATE KEY-----(?:\s|\\[rn])*(?:[A-Za-z][A-Za-z-]*:[^\n]*\n)*(?:\s|\\[rn])*(?P<secret>(?:[A-Za-z0-9+/=]|\s|\\[rn]){64,})"#,
        validate: validate::private_key_body,
        priority: 12,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds unencrypted PKCS#8 private keys (`-----BEGIN PRIVATE KEY-----`): the BEGIN line followed by a base64 body (a header alone does not fire).
    ///
    /// ## Why is this bad?
    /// The private key authenticates as its owner (SSH logins, TLS servers, signing) for as long as the public half is trusted.
    ///
    /// ## Example
    /// ```text
    /// -----BEGIN PRIVATE KEY-----
    /// MIIEvQIBADANBgkqhkiG9w0Bb/FWc+NGmNLRsxkP9s2lWB/eohkyLTGeob/D21XM
    /// q18lRKxLFsFAlUiJE/tEQI+0fffkOswY45GATFoHURXX8O6pr63jndBdujN9myRH
    /// JxP9Ouqg41kRPWSKPxCEnnEpghJvc/gMXfBjoYUCCqC7fKaSz7ACZvNkwdI/1qxV
    /// 4CLXaGpKv92akL6mCd0284ZEygRVx7+xmmS/CxHcTLZMz1PvgQaQoWc50l4I6Oni
    /// -----END PRIVATE KEY-----
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// -----BEGIN PRIVATE KEY-----
    /// (mounted at runtime from a secret store)
    /// -----END PRIVATE KEY-----
    /// ```
    ///
    /// ## References
    /// - <https://www.rfc-editor.org/rfc/rfc7468>
    PKCS8_PRIVATE_KEY / PKCS8_PRIVATE_KEY_META = {
        id: "pkcs8-private-key",
        title: "PKCS#8 private key",
        lint: Error,
        scan: High,
        keywords: ["BEGIN PRIVATE KEY"],
        regex: r#"(?-u)-----BEGIN PRIVATE KEY-----(?:\s|\\[rn])*(?:[A-Za-z][A-Za-z-]*:[^\n]*\n)*(?:\s|\\[rn])*(?P<secret>(?:[A-Za-z0-9+/=]|\s|\\[rn]){64,})"#,
        validate: validate::private_key_body,
        priority: 12,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds encrypted PKCS#8 private keys (`-----BEGIN ENCRYPTED PRIVATE KEY-----`): the BEGIN line followed by a base64 body (a header alone does not fire).
    ///
    /// ## Why is this bad?
    /// An encrypted key is one offline password guess away from use, and its passphrase often sits next to it.
    ///
    /// ## Example
    /// ```text
    /// -----BEGIN ENCRYPTED PRIVATE KEY-----
    /// MIIFHDBOBgkqhkiG9w0BBQ0wmdhUuml8ZYwC8SMQswn+3VXDrLJ+TOqTJhjmFDyn
    /// x1MfBLKdoSyHvgGq57f1+TGXWdtiD+y9zMe1cU6c0/spr/GNnMYbvKoMtpfToP4F
    /// lBrk6Y2/+AOV6aSQclOlSU0UnSjYrmjRh+IaO3Gef+UjX/dT4EC+ZMC9XjOSHukf
    /// vFy+gLV+8zXyeOLj/Cui55x1RPW8dVOyfnxqbBk5dPtFfpeC2TvevcxJRGHpXwvW
    /// -----END ENCRYPTED PRIVATE KEY-----
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// -----BEGIN ENCRYPTED PRIVATE KEY-----
    /// (mounted at runtime from a secret store)
    /// -----END ENCRYPTED PRIVATE KEY-----
    /// ```
    ///
    /// ## References
    /// - <https://www.rfc-editor.org/rfc/rfc7468>
    ENCRYPTED_PRIVATE_KEY / ENCRYPTED_PRIVATE_KEY_META = {
        id: "encrypted-private-key",
        title: "Encrypted PKCS#8 private key",
        lint: Error,
        scan: High,
        keywords: ["BEGIN ENCRYPTED PRIVATE KEY"],
        regex: r#"(?-u)-----BEGIN ENCRYPTED PRIVATE KEY-----(?:\s|\\[rn])*(?:[A-Za-z][A-Za-z-]*:[^\n]*\n)*(?:\s|\\[rn])*(?P<secret>(?:[A-Za-z0-9+/=]|\s|\\[rn]){64,})"#,
        validate: validate::private_key_body,
        priority: 12,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds armored OpenPGP secret keys (`-----BEGIN PGP PRIVATE KEY BLOCK-----`): the BEGIN line followed by a base64 body (a header alone does not fire).
    ///
    /// ## Why is this bad?
    /// The private key authenticates as its owner (SSH logins, TLS servers, signing) for as long as the public half is trusted.
    ///
    /// ## Example
    /// ```text
    /// -----BEGIN PGP PRIVATE KEY BLOCK-----
    /// lQOYBFO6sZe230Zz+40ElR5dEG4R5xly8oLUiMdUQomlCoMTMmjEROyWLJSDzrcU
    /// rUQkXYRVtXtHfrvka0YE1eFSpuzU6gtn+TxCnU6vbWzj3I1QYBfXJWSZylUL1VUY
    /// xdTY+UU0rMhc7QZxIJIDv+mkuwnIblFyN6wxOxkHXpi335jVpLxzdHS/g6CB4+/P
    /// FYcmPWD3zvSvbLtPugL1Vf2AddD5RSuh5h1xnEAaF/w530TlPv81eghqcsioovnz
    /// -----END PGP PRIVATE KEY BLOCK-----
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// -----BEGIN PGP PRIVATE KEY BLOCK-----
    /// (mounted at runtime from a secret store)
    /// -----END PGP PRIVATE KEY BLOCK-----
    /// ```
    ///
    /// ## References
    /// - <https://www.rfc-editor.org/rfc/rfc7468>
    PGP_PRIVATE_KEY_BLOCK / PGP_PRIVATE_KEY_BLOCK_META = {
        id: "pgp-private-key-block",
        title: "PGP private key block",
        lint: Error,
        scan: High,
        keywords: ["BEGIN PGP PRIVATE KEY BLOCK"],
        regex: r#"(?-u)-----BEGIN PGP PRIVATE KEY BLOCK-----(?:\s|\\[rn])*(?:[A-Za-z][A-Za-z-]*:[^\n]*\n)*(?:\s|\\[rn])*(?P<secret>(?:[A-Za-z0-9+/=]|\s|\\[rn]){64,})"#,
        validate: validate::private_key_body,
        priority: 12,
        multiline: true,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds age encryption secret keys (`AGE-SECRET-KEY-1…`).
    ///
    /// ## Why is this bad?
    /// The key decrypts every file encrypted to its recipient, including SOPS-encrypted secrets.
    ///
    /// ## Example
    /// ```text
    /// # created: 2024-01-01
    /// AGE-SECRET-KEY-1G7KUSRY52A36ZUEYXALA9C06YJPY4UK9J6YAY55WM8NN4HPAZZG64DYXMG
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// # public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
    /// ```
    ///
    /// ## References
    /// - <https://age-encryption.org/v1>
    AGE_SECRET_KEY / AGE_SECRET_KEY_META = {
        id: "age-secret-key",
        title: "age secret key",
        lint: Error,
        scan: Medium,
        keywords: ["AGE-SECRET-KEY-1"],
        regex: r#"(?-u)AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"#,
    }
}

secret_rule! {
    /// ## What it does
    /// Finds JSON Web Tokens: three base64url segments whose header decodes to JSON naming an `alg`.
    ///
    /// ## Why is this bad?
    /// A JWT is a bearer credential: until it expires (often never), whoever presents it is the subject it names.
    ///
    /// ## Example
    /// ```text
    /// Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTcwNDA2NzIwMH0.DQG36NBoYJq2HCezENvabmdptxNOvcYmm4zh3GwGtUR
    /// ```
    ///
    /// ## Use instead
    /// Read the value from the environment or a secret store at run time:
    /// ```text
    /// Authorization: Bearer eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJzdmMtYmlsbGluZyJ9.HpjvMZdZ-itabdhwSt6D4qFzx-UBYYmUJazZDLAMpEd
    /// ```
    ///
    /// ## References
    /// - <https://www.rfc-editor.org/rfc/rfc7519>
    JWT_TOKEN / JWT_TOKEN_META = {
        id: "jwt-token",
        title: "JSON Web Token",
        lint: Warning,
        scan: Medium,
        keywords: ["eyJ"],
        regex: r#"(?-u)\b(?P<secret>eyJ[A-Za-z0-9_-]{8,}={0,2}\.eyJ[A-Za-z0-9_-]{8,}={0,2}\.[A-Za-z0-9_-]{16,}={0,2})"#,
        validate: validate::jwt_header_has_alg,
    }
}
