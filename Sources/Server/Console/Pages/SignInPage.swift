import Console

/// The sign-in page: one field for the admin key, posted to `/console/sign-in`.
struct SignInPage: ConsolePage {
    static let template = "sign-in"
    let chrome = ConsoleChrome(title: "Sign in", section: nil, access: ConsoleAccess(signedIn: false, formToken: ""))
    /// Why the last attempt failed, if it did.
    var error: String?
}
