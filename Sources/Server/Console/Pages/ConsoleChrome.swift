/// What every console page shows around its content: the title, the navigation with the current
/// section marked, and sign-out (a POST carrying the session's form token) when signed in.
struct ConsoleChrome: Sendable {
    /// A console section.
    enum Section: String, CaseIterable, Sendable {
        case overview, requests, keys, providers, models, whatIf = "what-if", configuration

        var title: String {
            switch self {
            case .overview: "Overview"
            case .requests: "Requests"
            case .keys: "Keys"
            case .providers: "Providers"
            case .models: "Models"
            case .whatIf: "What if"
            case .configuration: "Configuration"
            }
        }
    }

    struct Link: Sendable {
        var title: String
        var href: String
        var current: Bool
    }

    var title: String
    var links: [Link]
    var signedIn: Bool
    var formToken: String

    init(title: String, section: Section?, access: ConsoleAccess) {
        self.title = title
        links = Section.allCases.map { Link(title: $0.title, href: "/console/\($0.rawValue)", current: $0 == section) }
        signedIn = access.signedIn
        formToken = access.formToken
    }
}

/// Who is looking at a console page: signed in with the admin key (or nobody needs to be, when no
/// keys are configured), and the token the page's forms must send back.
struct ConsoleAccess: Sendable {
    /// Whether a session exists (sign-out is offered).
    var signedIn: Bool
    var formToken: String
}
