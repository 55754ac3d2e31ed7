"""Seeded random generator of Cedar scenarios for differential testing.

A scenario is a policy set (text), an entity list (Cedar entities JSON) and a
few requests. Most of it is Cloudinary-shaped (namespace ``Cloudinary``: users,
groups, API keys, folders with ``ancestor_ids``, features, ``Action::"read"``
etc.) so the conditions usually reach real attributes; a controlled share of
the generated expressions is ill-typed, reads missing attributes or overflows,
so evaluation errors are exercised as much as decisions.

Everything is driven by one ``random.Random(seed)``: the same seed gives the
same scenarios, byte for byte.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

NS = "Cloudinary"
USER, GROUP, KEY, FOLDER, FEATURE = (f"{NS}::{t}" for t in ("User", "Group", "APIKey", "Folder", "Feature"))
ACTION = f"{NS}::Action"
ACTIONS = ["read", "write", "delete", "share", "admin"]
ACTION_GROUPS = {"manage": ["write", "delete", "share"], "all": ["read", "manage", "admin"]}
STRINGS = ["", "a", "\u00e9t\u00e9 \U0001f600", "alice", "bob", "Folder 1", "f1", "f2", "root", "x*y", "héllo", "ü", "tab\t", 'q"uote', "back\\slash", "admin"]
IPS = ["10.0.0.1", "10.0.0.0/8", "192.168.1.10", "127.0.0.1", "::1", "2001:db8::1", "ff02::1", "224.0.0.1", "0.0.0.0/0", "192.168.0.0/16"]
DECIMALS = ["0.0", "1.5", "-2.25", "100.0001", "922337203685477.5807", "-922337203685477.5808", "3.14"]
LONGS = [0, 1, -1, 2, 7, 42, 100, -100, 9223372036854775807, -9223372036854775808, 4611686018427387904]
DATETIMES = ["2024-01-01", "2024-01-01T12:00:00Z", "2024-06-30T23:59:59.999+0100", "1969-12-31", "2024-13-01", "2024-02-29T00:00:00-0230"]
DURATIONS = ["1d", "-2h30m", "1d2h3m4s5ms", "0ms", "9999999999d", "1x"]
PATTERNS = ["*", "a*", "*e*", "alice", "\\*", "x\\*y", "F*1", "*\\**", "", "h*o", "*admin"]


def q(s: str) -> str:
    """Cedar string literal (JSON escaping is a subset Cedar accepts, except for non-BMP handling)."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def uid(t: str, i: str) -> dict:
    return {"type": t, "id": i}


def uid_text(t: str, i: str) -> str:
    return f"{t}::{q(i)}"


@dataclass
class Scenario:
    policies: list[str]
    entities: list[dict]
    requests: list[dict]
    seed_note: str = ""

    @property
    def policy_text(self) -> str:
        return "\n".join(self.policies) + "\n"


@dataclass
class World:
    """The entity ids of one scenario, so expressions can name entities that exist."""
    users: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)


class Gen:
    """`gaps` opts in to constructs where our engine is known to differ (kept out of CI):
    "cycles" - entity hierarchies with cycles, which the reference rejects."""

    def __init__(self, seed: int, gaps: frozenset[str] = frozenset()):
        self.r = random.Random(seed)
        self.w = World()
        self.gaps = gaps

    # ---- helpers -------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def ext_json(self, fn: str, arg: str) -> dict:
        return {"__extn": {"fn": fn, "arg": arg}}

    # ---- entities ------------------------------------------------------
    def entities(self) -> list[dict]:
        r = self.r
        w = self.w
        w.groups = [f"g{i}" for i in range(r.randint(1, 3))]
        w.users = [f"u{i}" for i in range(r.randint(1, 4))] + ["alice"]
        w.keys = [f"k{i}" for i in range(r.randint(0, 2))]
        w.folders = [f"f{i}" for i in range(r.randint(1, 5))]
        w.features = [f"feat{i}" for i in range(r.randint(0, 2))]
        out: list[dict] = []
        for i, g in enumerate(w.groups):
            parents = [uid(GROUP, w.groups[i - 1])] if i > 0 and self.chance(0.4) else []
            out.append({"uid": uid(GROUP, g), "attrs": self.maybe_drop({"name": g, "level": r.randint(0, 5)}), "parents": parents})
        for u in w.users:
            attrs = {
                "name": u, "email": f"{u}@example.com", "level": self.pick(LONGS[:7]),
                "active": self.chance(0.7), "roles": sorted(r.sample(["admin", "editor", "viewer", "billing"], r.randint(0, 3))),
                "manager": {"__entity": uid(USER, self.pick(w.users))},
                "tags": {"team": self.pick(["core", "media", ""]), "tier": r.randint(0, 3)},
                "ip": self.ext_json("ip", self.pick(IPS)),
                "quota": self.ext_json("decimal", self.pick(DECIMALS)),
            }
            if self.chance(0.1):
                attrs["level"] = "not a number"  # wrong type on purpose
            e = {"uid": uid(USER, u), "attrs": self.maybe_drop(attrs),
                 "parents": [uid(GROUP, g) for g in r.sample(w.groups, r.randint(0, len(w.groups)))]}
            if self.chance(0.3):
                e["tags"] = {"dept": self.pick(["eng", "ops"]), "n": r.randint(0, 3)}
            out.append(e)
        for k in w.keys:
            attrs = {"owner": {"__entity": uid(USER, self.pick(w.users))}, "scopes": sorted(r.sample(["read", "write", "admin"], r.randint(0, 3))),
                     "active": self.chance(0.8), "created": r.randint(0, 2_000_000_000)}
            out.append({"uid": uid(KEY, k), "attrs": self.maybe_drop(attrs), "parents": [uid(USER, self.pick(w.users))] if self.chance(0.5) else []})
        for i, f in enumerate(w.folders):
            chain = w.folders[:i]
            parent = [uid(FOLDER, chain[-1])] if chain and self.chance(0.8) else []
            attrs = {"ancestor_ids": chain if parent else [], "name": f"Folder {i}", "owner": {"__entity": uid(USER, self.pick(w.users))},
                     "depth": len(chain), "public": self.chance(0.3)}
            out.append({"uid": uid(FOLDER, f), "attrs": self.maybe_drop(attrs), "parents": parent})
        for ft in w.features:
            out.append({"uid": uid(FEATURE, ft), "attrs": self.maybe_drop({"name": ft, "enabled": self.chance(0.5), "limit": self.ext_json("decimal", self.pick(DECIMALS))}), "parents": []})
        if self.chance(0.05):
            self.corrupt(out)
        # action hierarchy
        for group, members in ACTION_GROUPS.items():
            out.append({"uid": uid(ACTION, group), "attrs": {}, "parents": [uid(ACTION, "all")] if group != "all" else []})
        for a in ACTIONS:
            parents = [uid(ACTION, g) for g, ms in ACTION_GROUPS.items() if a in ms]
            out.append({"uid": uid(ACTION, a), "attrs": {}, "parents": parents})
        return out

    BAD_VALUES = [
        {"__extn": {"fn": "ip", "arg": "bad"}}, {"__extn": {"fn": "nope", "arg": "x"}}, {"__extn": {"fn": "decimal", "arg": "1.23456"}},
        {"__entity": {"type": "Cloudinary::User"}}, {"__entity": {"type": "Bad Type", "id": "x"}}, 9223372036854775808, 1.5,
        {"__extn": {"fn": "ip"}}, {"__entity": {"type": "Cloudinary::User", "id": "alice", "extra": 1}}, None,
        {"a": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}}}, [1, "two", {"three": 3}], -9223372036854775808,
    ]

    def bad_value(self):
        return self.pick(self.BAD_VALUES)

    def corrupt(self, ents: list[dict]) -> None:
        """Makes the entity data questionable: both engines must agree whether it loads."""
        e = self.pick(ents)
        k = self.r.randint(0, 4 if "cycles" in self.gaps else 3)
        if k == 4:
            # A hierarchy cycle (self-parent or two groups parenting each other).
            if self.chance(0.5):
                e["parents"] = e["parents"] + [e["uid"]]
            else:
                a, b = (x for x in ents if x["uid"]["type"] == GROUP and x["uid"]["id"] in self.w.groups[:2]) if len(self.w.groups) > 1 else (e, e)
                a["parents"] = a["parents"] + [b["uid"]]
                b["parents"] = b["parents"] + [a["uid"]]
        elif k == 0:
            e["attrs"]["bad"] = self.bad_value()
        elif k == 1:
            e["parents"] = e["parents"] + [self.pick([{"type": "Bad Type", "id": "x"}, {"type": USER}, {"__entity": uid(FEATURE, "nobody")}, "User::\"alice\""])]
        elif k == 2:
            ents.append({"uid": e["uid"], "attrs": {"different": True}, "parents": []})
        else:
            e["tags"] = {"t": self.bad_value()}

    def maybe_drop(self, attrs: dict) -> dict:
        if self.chance(0.3):
            for k in list(attrs):
                if self.chance(0.25):
                    del attrs[k]
        return attrs

    # ---- requests ------------------------------------------------------
    def context(self) -> dict:
        r = self.r
        ctx = {"flag": self.chance(0.5), "n": self.pick(LONGS), "s": self.pick(STRINGS), "ids": sorted(r.sample(self.w.folders, r.randint(0, len(self.w.folders)))),
               "ip": self.ext_json("ip", self.pick(IPS)), "amount": self.ext_json("decimal", self.pick(DECIMALS)),
               "nested": {"a": {"b": r.randint(0, 3)}, "flag": self.chance(0.5)}, "who": {"__entity": uid(USER, self.pick(self.w.users))}}
        if self.chance(0.03):
            ctx["bad"] = self.bad_value()
        return self.maybe_drop(ctx)

    def request(self) -> dict:
        w = self.w
        principal = self.pick([(USER, w.users), (USER, w.users), (KEY, w.keys or ["k9"]), (GROUP, w.groups)])
        pid = self.pick(principal[1]) if not self.chance(0.08) else "ghost"
        resource = self.pick([(FOLDER, w.folders), (FOLDER, w.folders), (FEATURE, w.features or ["feat9"]), (USER, w.users)])
        rid = self.pick(resource[1]) if not self.chance(0.08) else "missing"
        return {"principal": uid(principal[0], pid), "action": uid(ACTION, self.pick(ACTIONS + ["manage"])),
                "resource": uid(resource[0], rid), "context": self.context()}

    # ---- policies ------------------------------------------------------
    def any_entity_text(self) -> str:
        w = self.w
        t, ids = self.pick([(USER, w.users), (GROUP, w.groups), (FOLDER, w.folders), (KEY, w.keys or ["k0"]), (FEATURE, w.features or ["feat0"])])
        return uid_text(t, self.pick(ids) if not self.chance(0.05) else "nobody")

    def scope(self) -> str:
        w = self.w
        r = self.r
        p = self.pick(["principal", "principal", "principal", "principal", f"principal == {uid_text(USER, self.pick(w.users))}",
                       f"principal in {uid_text(GROUP, self.pick(w.groups))}", f"principal is {USER}",
                       f"principal is {USER} in {uid_text(GROUP, self.pick(w.groups))}", f"principal is {KEY}"])
        acts = ACTIONS + list(ACTION_GROUPS)
        a = self.pick(["action", "action", f"action == {uid_text(ACTION, self.pick(acts))}", f"action in {uid_text(ACTION, self.pick(acts))}",
                       "action in [" + ", ".join(uid_text(ACTION, x) for x in r.sample(acts, r.randint(1, 3))) + "]"])
        res = self.pick(["resource", "resource", "resource", "resource", f"resource in {uid_text(FOLDER, self.pick(w.folders))}",
                         f"resource == {uid_text(FOLDER, self.pick(w.folders))}", f"resource is {FOLDER}",
                         f"resource is {FOLDER} in {uid_text(FOLDER, self.pick(w.folders))}", f"resource is {FEATURE}"])
        return f"({p}, {a}, {res})"

    def policy(self, index: int) -> str:
        ann = []
        if self.chance(0.4):
            ann.append(f"@id({q('rule-' + str(index))})")
        if self.chance(0.1):
            ann.append("@advice(\"x\")")
        effect = "forbid" if self.chance(0.2) else "permit"
        if self.chance(0.03):
            # An unlinked template: both engines must ignore it.
            return f"{effect}(principal == ?principal, action, resource in ?resource) when {{ {self.expr('bool', 2)} }};"
        conds = []
        for _ in range(self.pick([0, 0, 1, 1, 1, 2])):
            kind = "unless" if self.chance(0.25) else "when"
            conds.append(f"{kind} {{ {self.expr('bool', 3)} }}")
        return " ".join(ann + [effect + " " + self.scope()] + conds) + ";"

    # ---- expressions (typed, with deliberate mistakes) ------------------
    TYPES = ["bool", "long", "string", "entity", "set", "record", "ip", "decimal"]

    def expr(self, ty: str, d: int) -> str:
        if self.chance(0.04):
            ty = self.pick(self.TYPES)  # ill-typed on purpose
        if d <= 0 or self.chance(0.25):
            return self.leaf(ty)
        f = getattr(self, "e_" + ty)
        return f(d - 1)

    def leaf(self, ty: str) -> str:
        w = self.w
        if ty == "bool":
            return self.pick(["true", "false", "principal.active", "resource.public", "context.flag", "context.nested.flag", "resource.enabled"])
        if ty == "long":
            return self.pick([str(self.pick(LONGS)), "principal.level", "resource.depth", "context.n", "principal.tags.tier", "context.nested.a.b", "resource.created"])
        if ty == "string":
            return self.pick([q(self.pick(STRINGS)), "principal.name", "resource.name", "context.s", "principal.email", "principal.tags.team"])
        if ty == "entity":
            return self.pick(["principal", "resource", "action", "resource.owner", "principal.manager", "context.who", self.any_entity_text(),
                              uid_text(ACTION, self.pick(ACTIONS + list(ACTION_GROUPS)))])
        if ty == "set":
            return self.pick(["resource.ancestor_ids", "principal.roles", "context.ids", "principal.scopes", "[]",
                              "[" + ", ".join(q(x) for x in self.r.sample(w.folders, min(2, len(w.folders)))) + "]"])
        if ty == "record":
            return self.pick(["principal.tags", "context.nested", "context", "{}", '{"a": 1}'])
        if ty == "ip":
            return self.pick([f"ip({q(self.pick(IPS))})", "context.ip", "principal.ip"] + (['ip("not.an.ip")'] if self.chance(0.1) else []))
        if ty == "decimal":
            return self.pick([f"decimal({q(self.pick(DECIMALS))})", "context.amount", "principal.quota", "resource.limit"] + (['decimal("1.23456")'] if self.chance(0.1) else []))
        raise ValueError(ty)

    def e_bool(self, d: int) -> str:
        k = self.r.randint(0, 22)
        e = self.expr
        if k == 0:
            return f"{e('bool', d)} && {e('bool', d)}"
        if k == 1:
            return f"{e('bool', d)} || {e('bool', d)}"
        if k == 2:
            return f"!{self.paren(e('bool', d))}"
        if k == 3:
            op = self.pick(["<", "<=", ">", ">="])
            return f"{self.paren(e('long', d))} {op} {self.paren(e('long', d))}"
        if k == 4:
            t = self.pick(self.TYPES)
            t2 = t if self.chance(0.8) else self.pick(self.TYPES)
            return f"{self.paren(e(t, d))} {self.pick(['==', '!='])} {self.paren(e(t2, d))}"
        if k == 5:
            target = self.pick(["principal", "resource", "context", "context.nested", "principal.tags", "resource.owner"])
            attr = self.pick(["name", "email", "level", "active", "ancestor_ids", "owner", "flag", "n", "ip", "tags", "team", "a", "missing", "nested.a", "tags.tier"])
            return f"{target} has {attr}"
        if k == 6:
            return f"{self.paren(e('string', d))} like {q(self.pick(PATTERNS))}"
        if k == 7:
            rhs = e("entity", d) if self.chance(0.6) else "[" + ", ".join(e("entity", d) for _ in range(self.r.randint(0, 2))) + "]"
            return f"{self.paren(e('entity', d))} in {self.paren(rhs)}"
        if k == 8:
            t = self.pick([USER, GROUP, FOLDER, KEY, FEATURE, "Photo"])
            tail = f" in {self.paren(e('entity', d))}" if self.chance(0.3) else ""
            return f"{self.paren(e('entity', d))} is {t}{tail}"
        if k == 9:
            m = self.pick(["contains", "containsAll", "containsAny"])
            arg = e("string", d) if m == "contains" else e("set", d)
            return f"{self.member(e('set', d))}.{m}({arg})"
        if k == 10:
            return f"{self.member(e('set', d))}.isEmpty()"
        if k == 11:
            return f"(if {e('bool', d)} then {e('bool', d)} else {e('bool', d)})"
        if k == 12:
            m = self.pick(["isIpv4", "isIpv6", "isLoopback", "isMulticast"])
            return f"{self.member(e('ip', d))}.{m}()"
        if k == 13:
            return f"{self.member(e('ip', d))}.isInRange({e('ip', d)})"
        if k == 14:
            m = self.pick(["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"])
            return f"{self.member(e('decimal', d))}.{m}({e('decimal', d)})"
        if k == 15:
            return f"resource.ancestor_ids.contains({q(self.pick(self.w.folders))})"
        if k == 16:
            return f"principal in {uid_text(GROUP, self.pick(self.w.groups))} && action in {uid_text(ACTION, self.pick(list(ACTION_GROUPS)))}"
        if k == 17:
            return f"principal.hasTag({q(self.pick(['dept', 'n', 'none']))})"
        if k == 18:
            rhs = self.pick(['"eng"', "1", '"ops"'])
            return f"principal.getTag({q(self.pick(['dept', 'n', 'none']))}) == {rhs}"
        if k == 19:
            return f"context.nested.a.b == {self.paren(e('long', d))}"
        if k == 20:
            return f"{self.paren(e('record', d))} == {self.paren(e('record', d))}"
        if k == 21 and self.chance(0.5):
            m = self.pick(["<", "<=", "==", ">"])
            a = f'datetime({q(self.pick(DATETIMES))})'
            if self.chance(0.5):
                a = f'{a}.offset(duration({q(self.pick(DURATIONS))}))'
            return f'{a} {m} datetime({q(self.pick(DATETIMES))})'
        if k == 21:
            m = self.pick(["toDays", "toHours", "toMilliseconds"])
            return f'duration({q(self.pick(DURATIONS))}).{m}() > {self.paren(e("long", d))}'
        return f"{self.paren(e('set', d))} == {self.paren(e('set', d))}"

    def e_long(self, d: int) -> str:
        k = self.r.randint(0, 5)
        e = self.expr
        if k == 0:
            return f"{self.paren(e('long', d))} + {self.paren(e('long', d))}"
        if k == 1:
            return f"{self.paren(e('long', d))} - {self.paren(e('long', d))}"
        if k == 2:
            return f"{self.paren(e('long', d))} * {self.paren(e('long', d))}"
        if k == 3:
            return f"-{self.paren(e('long', d))}"
        if k == 4:
            return f"(if {e('bool', d)} then {e('long', d)} else {e('long', d)})"
        return f"principal.getTag(\"n\") + {self.paren(e('long', d))}"

    def e_string(self, d: int) -> str:
        if self.chance(0.5):
            return f"(if {self.expr('bool', d)} then {self.expr('string', d)} else {self.expr('string', d)})"
        return f"{self.member(self.expr('record', d))}.{self.pick(['team', 'name', 's'])}"

    def e_entity(self, d: int) -> str:
        if self.chance(0.5):
            return f"(if {self.expr('bool', d)} then {self.expr('entity', d)} else {self.expr('entity', d)})"
        return self.pick(["resource.owner", "principal.manager", "context.who", "resource.owner.manager"])

    def e_set(self, d: int) -> str:
        items = ", ".join(self.expr(self.pick(["string", "string", "long", "entity"]), d) for _ in range(self.r.randint(0, 3)))
        return f"[{items}]"

    def e_record(self, d: int) -> str:
        keys = self.r.sample(["a", "b", "team", "tier", "with space"], self.r.randint(0, 3))
        return "{" + ", ".join(f"{q(k)}: {self.expr(self.pick(self.TYPES), d)}" for k in keys) + "}"

    def e_ip(self, d: int) -> str:
        return f"ip({self.paren(self.expr('string', d)) if self.chance(0.2) else q(self.pick(IPS))})"

    def e_decimal(self, d: int) -> str:
        return f"decimal({q(self.pick(DECIMALS))})"

    @staticmethod
    def paren(s: str) -> str:
        return f"({s})"

    @staticmethod
    def member(s: str) -> str:
        simple = all(c.isalnum() or c in "._" for c in s)
        return s if simple else f"({s})"

    # ---- scenario --------------------------------------------------------
    def scenario(self, n_requests: int) -> Scenario:
        ents = self.entities()
        pols = [self.policy(i) for i in range(self.r.randint(1, 6))]
        reqs = [self.request() for _ in range(n_requests)]
        return Scenario(pols, ents, reqs)


def scenarios(seed: int, total_requests: int, per_scenario: int = 8, gaps: frozenset[str] = frozenset()):
    """Yields scenarios until `total_requests` requests have been produced."""
    made = 0
    k = 0
    while made < total_requests:
        n = min(per_scenario, total_requests - made)
        yield Gen(seed * 1_000_003 + k, gaps).scenario(n)
        made += n
        k += 1


if __name__ == "__main__":
    s = next(scenarios(1, 4))
    print(s.policy_text)
    print(json.dumps(s.entities, indent=1)[:2000])
    print(json.dumps(s.requests[0]))
