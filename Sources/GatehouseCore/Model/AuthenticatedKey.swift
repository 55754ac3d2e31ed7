/// A provisioning key whose secret checked out, with what was read of the store as it was authenticated:
/// the request's own enforcement decides under the key's stamp, and its check may trust an answer known
/// current at the same write generation, without reading either again.
public struct AuthenticatedKey: Sendable {
    public var key: ProvisioningKey
    /// The key's standing stamp (`StandingStamps.principal`).
    public var stamp: Int64
    /// The store's write generation (`StandingStamps.generation`).
    public var generation: Int64
}
