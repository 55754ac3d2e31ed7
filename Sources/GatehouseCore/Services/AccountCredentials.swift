/// The `account://KEY:SECRET@ACCOUNT_ID` triple both Cloudinary SDKs read from `CLOUDINARY_ACCOUNT_URL`.
public struct AccountCredentials: Sendable, Hashable {
    public var key: String
    public var secret: String
    public var accountID: String

    public init(key: String, secret: String, accountID: String) {
        self.key = key
        self.secret = secret
        self.accountID = accountID
    }

    /// Parses `account://key:secret@account_id`; returns nil for anything else.
    public init?(url: String) {
        let prefix = "account://"
        guard url.hasPrefix(prefix) else { return nil }
        let rest = url.dropFirst(prefix.count)
        guard let at = rest.lastIndex(of: "@") else { return nil }
        let userInfo = rest[..<at]
        var account = rest[rest.index(after: at)...]
        if let query = account.firstIndex(of: "?") { account = account[..<query] }
        if account.hasSuffix("/") { account = account.dropLast() }
        guard let colon = userInfo.firstIndex(of: ":") else { return nil }
        let key = String(userInfo[..<colon]).removingPercentEncoding ?? ""
        let secret = String(userInfo[userInfo.index(after: colon)...]).removingPercentEncoding ?? ""
        guard !key.isEmpty, !secret.isEmpty, !account.isEmpty else { return nil }
        self.init(key: key, secret: secret, accountID: String(account))
    }

    public var url: String { "account://\(key):\(secret)@\(accountID)" }
}

import Foundation
