import GatehouseCore
import HTTPTypes

/// Errors raised by the HTTP layer itself (malformed requests, auth), next to `GatehouseError` from Core.
enum APIError: Error {
    case badRequest(String)
    case unauthenticated
    case forbidden(String)
    case notFound(String)
    case payloadTooLarge

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .payloadTooLarge: .contentTooLarge
        }
    }

    var message: String {
        switch self {
        case .badRequest(let m), .forbidden(let m), .notFound(let m): m
        case .unauthenticated: "Invalid credentials"
        case .payloadTooLarge: "Request body too large"
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
        }
    }
}
