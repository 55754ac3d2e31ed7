/// A self-signed certificate for `localhost` and 127.0.0.1 (valid until 2126), only for the fake SMTP server of
/// `SMTPClientTests`. Made with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
/// -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1`.
enum TestCertificate {
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBmzCCAUGgAwIBAgIUEH9HtXKoiNqVZGCMT2JQWBoBXeEwCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEzMDA3MzI0N1oYDzIxMjYxMTA2
        MDczMjQ3WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAATQnaZbBjkk1Wa2f5kPINfPpumo8iyZqccoW3McHP6GMq/XdQ9RO/Nk
        bPNj05WNOXpszlmF22iH8pPBqg1tVYtJo28wbTAdBgNVHQ4EFgQUmkP5brEwlxUj
        2IywRjJuaOCQaVowHwYDVR0jBBgwFoAUmkP5brEwlxUj2IywRjJuaOCQaVowDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
        zj0EAwIDSAAwRQIgbFn4g586pJxZarkaWFbwKgb7VzFzMVA2ZqJ13HoDbdgCIQDe
        lFeqe2EIy2gdIfbi4PqwBZM3E31Olt2N9Rk/dvV4vw==
        -----END CERTIFICATE-----
        """

    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkydmWwycW1to/L/j
        voUqf/zKXCvZWF1fRThdwS/FKf+hRANCAATQnaZbBjkk1Wa2f5kPINfPpumo8iyZ
        qccoW3McHP6GMq/XdQ9RO/NkbPNj05WNOXpszlmF22iH8pPBqg1tVYtJ
        -----END PRIVATE KEY-----
        """
}
