import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/explorer` (Access explorer): who can do what, and why. A GET form (it writes nothing, so its
/// answers can be linked): **Principal**, **Action**, **Resource** and **Check** → the decision with its path
/// and, for a deny, what was missing; a **What if** part tries role grants without writing them.
struct ExplorerPage: Sendable {
    let console: Console

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("explorer", use: show)
    }

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.rolesView]) { visitor in
            let services = console.services
            let choices = try await ExplorerChoices.load(visitor, services: services)
            let query = request.uri.queryParameters
            let fields = ExplorerQuestion.Fields { name in query[name[...]].map(String.init) }
            guard fields.asked else { return console.page("explorer", form(fields, choices: choices), visitor: visitor, request: request) }
            let problem: FormProblem
            do {
                let question = try await ExplorerQuestion.read(fields, choices: choices, services: services)
                let result = try await services.decisions.check(question.request, accountID: visitor.accountID)
                var values = form(fields, choices: choices)
                var answer = ExplorerAnswer(result: result, question: question, choices: choices, catalog: services.resources.catalog)
                // Who gave each role comes from the audit log, so only those who may read it are told.
                if visitor.access.allows(.auditLogView) {
                    answer.history = try await ExplorerHistory.load(
                        result, principal: question.request.principal, accountID: visitor.accountID, audit: services.audit)
                }
                values["answer"] = answer.values
                return console.page("explorer", values, visitor: visitor, request: request)
            } catch let refusal as ExplorerQuestion.Refusal {
                problem = Console.fieldProblem(refusal.field, refusal.message)
            } catch {
                problem = Self.problem(error, fields: fields, console: console, request: request)
            }
            var values = form(fields, choices: choices, problem: problem)
            values.merge(problem.values) { $1 }
            return console.page("explorer", status: problem.status, values, visitor: visitor, request: request)
        }
    }

    /// A refusal of the decision service, next to the field it is about: the principal (not in the account),
    /// the environment, or the first what-if row (a role that cannot be held so).
    static func problem(_ error: any Error, fields: ExplorerQuestion.Fields, console: Console, request: Request) -> FormProblem {
        let whatIfRow = fields.whatIf.firstIndex { !$0.role.isEmpty }.map { ExplorerQuestion.Fields.whatIfRows[$0] }
        switch error {
        case GatehouseError.notFound(let kind, _) where [.user, .userGroup, .accessKey, .provisioningKey].contains(kind):
            let what = kind == .userGroup ? "group" : kind.rawValue
            return Console.fieldProblem("principal", "No such \(what) in this account: choose one from the list.")
        case GatehouseError.notFound(.subAccount, _):
            return Console.fieldProblem("environment", "Choose a product environment from the list.")
        case GatehouseError.notFound(.role, _) where whatIfRow != nil:
            return Console.fieldProblem("what_if_role_\(whatIfRow!)", "Choose a role from the list.")
        case GatehouseError.invalidField(_, let reason) where whatIfRow != nil:
            return Console.fieldProblem("what_if_role_\(whatIfRow!)", "This role cannot be tried so: \(reason).")
        default:
            return console.problem(error, request: request, fields: ["scope_id": "environment"])
        }
    }

    /// The form's selects and fields, with what was chosen.
    private func form(_ fields: ExplorerQuestion.Fields, choices: ExplorerChoices, problem: FormProblem? = nil) -> [String: Any] {
        // A what-if row's message is shown in its row (the template cannot name `errors.what_if_role_<row>`).
        let rowError = { (name: String) -> [String: Any] in
            guard let problem, problem.field == name else { return [:] }
            return [name.hasPrefix("what_if_role_") ? "roleError" : "scopeError": problem.message]
        }
        return [
            "principalGroups": choices.principalGroups(selected: fields.principal),
            "actions": choices.actionOptions(selected: fields.action),
            "resourceGroups": choices.resourceGroups(selected: fields.resource),
            "path": fields.path,
            "environments": choices.environmentOptions(selected: fields.environment),
            "whatIfOpen": fields.whatIf.contains { !$0.role.isEmpty } || problem?.field?.hasPrefix("what_if_") == true,
            "whatIf": zip(ExplorerQuestion.Fields.whatIfRows, fields.whatIf).map { row, entry -> [String: Any] in
                let values: [String: Any] = [
                    "row": row, "roles": choices.roleOptions(selected: entry.role), "scopes": choices.scopeOptions(selected: entry.scope),
                ]
                return values.merging(rowError("what_if_role_\(row)")) { $1 }.merging(rowError("what_if_scope_\(row)")) { $1 }
            },
        ]
    }
}
