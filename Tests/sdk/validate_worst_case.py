"""Policy statements at the limits `public/validate` accepts (README, "Limits"), shaped to cost the validator
the most: shared by the liveness test and Benchmarks/validate_bench.py."""

MAX_POLICIES = 100
MAX_NODES = 1_000
MAX_DEPTH = 128
MAX_BYTES = 64 * 1024


def _terms(k: int, term: str) -> str:
    return " && ".join(term.format(i=i) for i in range(k))


def many_policies() -> str:
    """100 unscoped policies, each typechecked in every request environment: 2 comparisons each (900 nodes)."""
    body = _terms(2, 'principal.name == "p{i}"')  # 5 * 2 - 1 = 9 nodes
    return "\n".join(f"permit(principal, action, resource) when {{ {body} }};" for _ in range(MAX_POLICIES))


def long_chains() -> str:
    """One unscoped policy with `&&` chains as deep as accepted (126 comparisons, 128 levels) up to the node limit."""
    deep = _terms(MAX_DEPTH - 2, 'resource.name == "r{i}"')  # 629 nodes
    rest = _terms(74, 'resource.name == "s{i}"')  # 369 nodes
    return f"permit(principal, action, resource) when {{ {deep} }} when {{ {rest} }};"


def error_heavy() -> str:
    """100 policies whose every comparison is an error in every environment (error text costs too)."""
    body = _terms(2, "resource.nope{i} == {i}")  # 5 * 2 - 1 = 9 nodes
    return "\n".join(f"forbid(principal, action, resource) when {{ {body} }};" for _ in range(MAX_POLICIES))


def alias_heavy() -> str:
    """`x is T in E` terms, whose operand the validator tracks under two positions."""
    term = 'principal is Cloudinary::User in Cloudinary::Group::"g{i}"'  # and + is + var + in + var + lit: 7 per term
    body = _terms(9, term)  # 62 nodes
    return "\n".join(f"permit(principal, action, resource) when {{ {body} }};" for _ in range(16))


SHAPES = {"many_policies": many_policies, "long_chains": long_chains, "error_heavy": error_heavy, "alias_heavy": alias_heavy}


def worst_statements() -> dict[str, str]:
    out = {name: make() for name, make in SHAPES.items()}
    for name, text in out.items():
        assert len(text.encode()) <= MAX_BYTES, (name, len(text.encode()))
    return out
