import GatehouseCore
import HTTPTypes

/// Errors raised by the HTTP layer itself (malformed requests, auth), next to `GatehouseError` from Core.
enum APIError: Error {
    case badRequest(String)
    case unauthenticated
    case forbidden(String)
    case notFound(String)
    case payloadTooLarge
    /// The client sent fewer body bytes than it announced, or the body could not be read.
    case incompleteBody
    /// Over a rate limit; `retryAfter` seconds until a request would be admitted.
    case tooManyRequests(String, retryAfter: Int)

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .payloadTooLarge: .contentTooLarge
        case .incompleteBody: .badRequest
        case .tooManyRequests: .tooManyRequests
        }
    }

    var message: String {
        switch self {
        case .badRequest(let m), .forbidden(let m), .notFound(let m): m
        case .unauthenticated: "Invalid credentials"
        case .payloadTooLarge: "Request body too large"
        case .incompleteBody: "Request body ended before the length it announced"
        case .tooManyRequests(let m, _): m
        }
    }
}

extension GatehouseError {
    var status: HTTPResponse.Status {
        switch self {
        case .invalidField: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .seatLimitReached, .notAllowed: .forbidden
        case .unauthenticated: .unauthorized
        case .corruptData: .internalServerError
        case .unavailable: .serviceUnavailable
        case .tooManyAttempts: .tooManyRequests
        }
    }
}

extension StatementRefusal {
    var status: HTTPResponse.Status {
        switch self {
        case .tooLarge, .overBudget: .contentTooLarge
        case .tooDeep: .badRequest
        case .busy: .tooManyRequests
        }
    }
}
