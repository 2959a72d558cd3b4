import HTTPTypes

extension HTTPField.Name {
    /// `x-request-id`: the gateway's id of the request, the key of its events in the ledger.
    static let requestID = HTTPField.Name("x-request-id")!
}

extension HTTPFields {
    /// The headers of an answer: its content type, and `x-request-id` once the request has an id.
    static func answer(contentType: String, requestID: String?) -> HTTPFields {
        var headers: HTTPFields = [.contentType: contentType]
        if let requestID { headers[.requestID] = requestID }
        return headers
    }
}
