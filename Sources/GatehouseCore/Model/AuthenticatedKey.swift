/// A provisioning key whose secret checked out, with the stamp of its standing (`StandingStamps.principal`)
/// read as it was authenticated: the request's own enforcement decides under that stamp without reading it
/// again.
public struct AuthenticatedKey: Sendable {
    public var key: ProvisioningKey
    public var stamp: Int64
}
