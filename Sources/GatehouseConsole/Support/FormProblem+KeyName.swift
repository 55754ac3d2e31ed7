import GatehouseCore
import Hummingbird

extension FormProblem {
    /// A key's name, told with the form's label (**Key name**) next to its field: a bad name and a name
    /// already taken in the environment alike.
    static func keyName(_ error: any Error, console: Console, request: Request) -> FormProblem {
        var problem = console.problem(error, request: request, fields: ["name": "key_name"])
        switch error {
        case GatehouseError.invalidField(field: _, reason: let reason) where problem.field == "key_name":
            problem.message = "Key name \(reason)."
        case GatehouseError.conflict: problem.field = "key_name"
        default: break
        }
        return problem
    }
}
