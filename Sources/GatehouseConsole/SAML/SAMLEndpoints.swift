import Foundation
import GatehouseCore
import GatehouseHTTP
import GatehouseSAML
import Hummingbird

/// Gatehouse as each account's SAML service provider: `/saml/{account_id}/metadata`, `/login` (SP-initiated,
/// HTTP-Redirect binding) and `/acs` (HTTP-POST binding). The response is checked by `SAMLResponseVerifier`
/// on the CPU pool; what it says is applied by `SAMLService`. Every refusal is a page that says why, and
/// leaves no session and no user behind.
struct SAMLEndpoints: Sendable {
    let console: Console
    var saml: SAMLService { console.services.saml }

    func register(on router: Router<GatehouseRequestContext>) {
        // Anyone may call these and each login writes a pending request: bounded per client like the public API.
        let group = router.group("saml/{account_id}").add(middleware: ConsoleHeaders())
            .add(middleware: RateLimitMiddleware(limiter: ClientRateLimiter(.fromEnvironment())))
        group.get("metadata", use: metadata)
        group.get("login", use: login)
        group.post("acs", use: acs)
    }

    private func accountID(_ context: GatehouseRequestContext) throws -> String {
        try context.parameters.require("account_id")
    }

    func metadata(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let accountID = try accountID(context)
        _ = try await saml.settings(accountID: accountID)
        let sp = saml.serviceProvider(accountID: accountID)
        let xml = SAMLServiceProviderMetadata.xml(entityID: sp.entityID, acsURL: sp.acsURL)
        return Response(
            status: .ok, headers: [.contentType: "application/samlmetadata+xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    func login(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let accountID = try accountID(context)
        do {
            let start = try await saml.beginLogin(accountID: accountID, returnTo: request.uri.queryParameters.get("return_to"))
            let sp = saml.serviceProvider(accountID: accountID)
            let authnRequest = SAMLAuthnRequest(
                id: start.requestID, issuer: sp.entityID, destination: start.identityProvider.ssoURL, acsURL: sp.acsURL,
                issueInstant: start.issuedAt)
            return Response(status: .found, headers: [.location: authnRequest.redirectURL(relayState: start.relayState), .cacheControl: "no-store"])
        } catch let rejection as SAMLRejection {
            return refused(rejection, status: .notFound)
        } catch GatehouseError.notFound {
            return refused(SAMLRejection("saml_disabled", "No such account."), status: .notFound)
        }
    }

    func acs(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let accountID = try accountID(context)
        let settings: SAMLSettings
        do {
            settings = try await saml.settings(accountID: accountID)
        } catch GatehouseError.notFound {
            return refused(SAMLRejection("saml_disabled", "No such account."), status: .notFound)
        }
        let form: ConsoleForm
        do {
            form = try await ConsoleForm.read(request, limits: .document)
        } catch {
            let rejection = error == .tooLarge
                ? SAMLRejection("too_large", "The sign-in response is larger than Gatehouse accepts.")
                : SAMLRejection("malformed", "The sign-in response could not be read.")
            try await saml.recordRefusal(accountID: accountID, rejection, subject: nil)
            return refused(rejection, status: error == .tooLarge ? .contentTooLarge : .badRequest)
        }
        guard settings.isActive, let idp = settings.identityProvider else {
            let rejection = SAMLRejection("saml_disabled", "Single sign-on is not turned on for this account.")
            try await saml.recordRefusal(accountID: accountID, rejection, subject: nil)
            return refused(rejection, status: .forbidden)
        }
        let sp = saml.serviceProvider(accountID: accountID)
        let verifier = SAMLResponseVerifier(identityProvider: idp, serviceProviderEntityID: sp.entityID, acsURL: sp.acsURL)
        let posted = form["SAMLResponse"]
        let time = Date()
        let verified: Result<SAMLAssertion, SAMLRejection>
        do {
            verified = try await console.services.cpu.run {
                Result { () throws(SAMLRejection) in try verifier.verify(postedResponse: posted, at: time) }
            }
        } catch is CPUWorkPool.Busy {
            return refused(SAMLRejection("busy", "Gatehouse is busy: try again in a moment."), status: .serviceUnavailable)
        }
        let assertion: SAMLAssertion
        switch verified {
        case .success(let checked): assertion = checked
        case .failure(let rejection):
            try await saml.recordRefusal(accountID: accountID, rejection, subject: nil)
            return refused(rejection, status: rejection.code == "malformed" || rejection.code == "too_large" ? .badRequest : .forbidden)
        }
        do {
            let relayState = form.has("RelayState") ? form["RelayState"] : nil
            let signedIn = try await saml.signIn(
                accountID: accountID, assertion: assertion, relayState: relayState, client: console.client(request, context))
            var headers = HTTPFields()
            console.cookies.set(ConsoleCookies.session, signedIn.sessionToken, on: &headers)
            return console.redirect(signedIn.returnTo, headers: headers)
        } catch let rejection as SAMLRejection {
            return refused(rejection, status: .forbidden)
        }
    }

    /// The page a refused sign-in shows: why, and the way back.
    private func refused(_ rejection: SAMLRejection, status: HTTPResponse.Status) -> Response {
        console.page("message", status: status, [
            "heading": "Single sign-on did not sign you in",
            "error": rejection.message,
            "back": "/console/login",
        ])
    }
}
