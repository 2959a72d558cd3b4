/// The headers every console response carries.
public enum ConsoleSecurity {
    /// Only the console's own script, styles and data images; no inline script, no framing, forms
    /// posting only to the console.
    public static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    /// The session cookie's name.
    public static let sessionCookie = "rl_console"
}
