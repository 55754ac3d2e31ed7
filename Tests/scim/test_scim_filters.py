"""Queries on the real server (RFC 7644 §3.4.2): each filter operator, `and`/`or`/`not` and grouping, value paths,
case-insensitive `userName`; paging (`startIndex`/`count`/`totalResults`, the 200 cap), sorting, projections
(`attributes`/`excludedAttributes`) on lists, single resources and `POST .search`; ETags (`If-Match` → 412,
`If-None-Match` → 304); bad queries answered 400 `invalidFilter`/`invalidValue`, never a 5xx.

Every query is limited to this module's users by a `userName sw` prefix, so other tests' users never count."""

from __future__ import annotations

import datetime
import time
import urllib.parse

import pytest

from scim_support import SEARCH_SCHEMA, describe, ids, ok, scim_error, uid, user_body

PEOPLE = [
    # key, given, family, active, externalId, extra emails, department
    ("alice", "Alice", "Adams", True, "ext-1", [], "Sales"),
    ("bob", "Bob", "Brown", False, "ext-2", [{"value": "bob@home.example", "type": "home"}], "Sales"),
    ("carol", "Carol", "Clark", True, None, [], "Research"),
    ("dave", "Dave", "Davis", True, "ext-4", [{"value": "dave@other.example", "type": "other"}], None),
    ("Eve", "Eve", "Evans", True, None, [], "Research"),
]


class Population:
    def __init__(self, scim):
        self.tag = f"f{uid(8)}"
        self.users: dict[str, dict] = {}
        self.before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)
        for key, given, family, active, ext, extra, dept in PEOPLE:
            email = f"{self.tag}-{key.lower()}@example.com"
            body = user_body(user_name=f"{self.tag}-{key}@Example.com", email=email, given=given, family=family,
                             display=f"{given} {family}", active=active, external_id=ext,
                             emails=[{"value": email, "type": "work", "primary": True}, *extra],
                             enterprise={"department": dept} if dept else None)
            self.users[key.lower()] = ok(scim.post("Users", body), 201)
            time.sleep(0.01)

    @property
    def scope(self) -> str:
        return f'userName sw "{self.tag}-"'

    def id(self, *keys) -> set[str]:
        return {self.users[k]["id"] for k in keys}

    @property
    def all(self) -> set[str]:
        return {u["id"] for u in self.users.values()}


@pytest.fixture(scope="module")
def people(scim):
    return Population(scim)


def found(scim, people, filt: str, scoped: bool = True) -> set[str]:
    text = f"({filt}) and {people.scope}" if scoped else filt
    return set(ids(scim.filter_users(text)))


# ---- operators ------------------------------------------------------------------------------------

@pytest.mark.parametrize("filt, expected", [
    ('userName eq "{tag}-alice@example.com"', ["alice"]),
    ('userName eq "{TAG}-ALICE@EXAMPLE.COM"', ["alice"]),          # userName is not case-exact
    ('userName ne "{tag}-alice@example.com"', ["bob", "carol", "dave", "eve"]),
    ('userName co "OB@"', ["bob"]),
    ('userName sw "{TAG}-C"', ["carol"]),
    ('userName ew "-eve@example.COM"', ["eve"]),
    ('name.givenName eq "Dave"', ["dave"]),
    ('name.familyName sw "Ev"', ["eve"]),
    ('displayName co "ar"', ["carol"]),
    ('externalId pr', ["alice", "bob", "dave"]),
    ('externalId eq "ext-2"', ["bob"]),
    ('active eq false', ["bob"]),
    ('active eq true', ["alice", "carol", "dave", "eve"]),
    ('userName gt "{tag}-carol@example.com"', ["dave", "eve"]),
    ('userName ge "{tag}-carol@example.com"', ["carol", "dave", "eve"]),
    ('userName lt "{tag}-bob@example.com"', ["alice"]),
    ('userName le "{tag}-bob@example.com"', ["alice", "bob"]),
    ('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Research"', ["carol", "eve"]),
])
def test_each_operator(scim, people, filt, expected):
    text = filt.replace("{tag}", people.tag).replace("{TAG}", people.tag.upper())
    assert found(scim, people, text) == people.id(*expected), text


def test_a_form_encoded_filter_reads_as_spaces(scim, people):
    """Entra ID and every form-encoding client (Python's urlencode, httpx params) send spaces as `+`."""
    bob = f'userName eq "{people.tag}-bob@example.com"'
    for query in (urllib.parse.urlencode({"filter": bob}), urllib.parse.urlencode({"filter": bob}, quote_via=urllib.parse.quote)):
        body = ok(scim.get("Users?" + query))
        assert ids(body["Resources"]) == [people.users["bob"]["id"]], query
    # A literal plus sign in a value is sent as %2B.
    plus = scim.create_user(user_name=f"{people.tag}+plus@example.com")
    query = urllib.parse.urlencode({"filter": f'userName eq "{people.tag}+plus@example.com"'})
    assert ids(ok(scim.get("Users?" + query))["Resources"]) == [plus["id"]], query


def test_attribute_names_and_operators_are_case_insensitive(scim, people):
    assert found(scim, people, f'USERNAME EQ "{people.tag}-bob@example.com"') == people.id("bob")
    assert found(scim, people, 'Name.GivenName Sw "al"') == people.id("alice")


def test_dates_compare_as_dates(scim, people):
    since = people.before.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert found(scim, people, f'meta.created gt "{since}"') == people.all
    assert found(scim, people, f'meta.lastModified lt "{since}"') == set()
    future = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert found(scim, people, f'meta.created le "{future}"') == people.all


@pytest.mark.parametrize("filt, expected", [
    ('name.givenName eq "Alice" or name.givenName eq "Bob"', ["alice", "bob"]),
    ('active eq true and externalId pr', ["alice", "dave"]),
    ('not (active eq true)', ["bob"]),
    ('(name.givenName eq "Alice" or name.givenName eq "Carol") and not (externalId pr)', ["carol"]),
    ('name.givenName eq "Alice" or name.givenName eq "Bob" and active eq true', ["alice"]),  # and binds tighter
    ('(name.givenName eq "Alice" or name.givenName eq "Bob") and active eq true', ["alice"]),
    ('((externalId eq "ext-1") or (externalId eq "ext-4"))', ["alice", "dave"]),
])
def test_logical_operators_and_grouping(scim, people, filt, expected):
    assert found(scim, people, filt) == people.id(*expected), filt


@pytest.mark.parametrize("filt, expected", [
    ('emails[type eq "home"]', ["bob"]),
    ('emails[type eq "work" and value co "carol"]', ["carol"]),
    ('emails[type eq "work"].value eq "{tag}-dave@example.com"', ["dave"]),   # Entra's lookup
    ('emails.value co "@other.example"', ["dave"]),
    ('emails.value ew "home.example"', ["bob"]),
    ('emails[value sw "{tag}-a" or value sw "{tag}-e"]', ["alice", "eve"]),
    ('emails pr', ["alice", "bob", "carol", "dave", "eve"]),
])
def test_value_paths(scim, people, filt, expected):
    text = filt.replace("{tag}", people.tag)
    assert found(scim, people, text) == people.id(*expected), text


def test_group_filters(scim, people):
    tag = uid(8)
    g1 = scim.create_group(f"Filters {tag} one", members=[people.users["alice"]["id"]])
    g2 = scim.create_group(f"Filters {tag} two", members=[people.users["bob"]["id"]])
    byname = scim.list("Groups", filter=f'displayName eq "Filters {tag} one"')["Resources"]
    assert ids(byname) == [g1["id"]]
    both = scim.list("Groups", filter=f'displayName sw "filters {tag}"', sortBy="displayName")["Resources"]
    assert ids(both) == [g1["id"], g2["id"]]
    member = scim.list("Groups", filter=f'displayName sw "Filters {tag}" and members[value eq "{people.users["bob"]["id"]}"]')
    assert ids(member["Resources"]) == [g2["id"]]


def test_filter_on_a_users_groups(scim, people):
    g = scim.create_group(f"Member filter {uid(8)}", members=[people.users["carol"]["id"]])
    assert found(scim, people, f'groups[value eq "{g["id"]}"]') == people.id("carol")
    assert found(scim, people, f'groups.display eq "{g["displayName"]}"') == people.id("carol")


# ---- paging, sorting, projection ------------------------------------------------------------------

def test_paging_reports_the_total_and_walks_every_page(scim, people):
    walked = []
    for start in (1, 3, 5):
        page = scim.list("Users", filter=people.scope, sortBy="userName", startIndex=start, count=2)
        assert page["totalResults"] == 5 and page["startIndex"] == start, page
        assert page["itemsPerPage"] == len(page["Resources"]) == (2 if start < 5 else 1)
        walked += ids(page["Resources"])
    assert len(walked) == 5 and set(walked) == people.all
    beyond = scim.list("Users", filter=people.scope, startIndex=6, count=2)
    assert beyond["totalResults"] == 5 and beyond["Resources"] == []
    none = scim.list("Users", filter=people.scope, count=0)
    assert none["totalResults"] == 5 and none["Resources"] == []
    # Out-of-range values are brought into range (RFC 7644 §3.4.2.4), not refused.
    low = scim.list("Users", filter=people.scope, startIndex=0, count=-3)
    assert low["totalResults"] == 5 and low["Resources"] == [] and low["startIndex"] == 1


def test_count_is_capped_at_200(scim, server):
    tag = f"cap{uid(6)}"
    for i in range(205):
        ok(scim.post("Users", user_body(user_name=f"{tag}-{i:03}@example.com", email=f"{tag}-{i:03}@example.com")), 201)
    page = scim.list("Users", filter=f'userName sw "{tag}-"', sortBy="userName", count=1000)
    assert page["totalResults"] == 205
    assert page["itemsPerPage"] == len(page["Resources"]) == 200
    rest = scim.list("Users", filter=f'userName sw "{tag}-"', sortBy="userName", startIndex=201, count=1000)
    assert len(rest["Resources"]) == 5
    assert set(ids(page["Resources"])).isdisjoint(ids(rest["Resources"]))
    unpaged = scim.list("Users", filter=f'userName sw "{tag}-"')
    assert len(unpaged["Resources"]) == 200 and unpaged["totalResults"] == 205


@pytest.mark.parametrize("sort_by, order, expected", [
    ("userName", None, ["alice", "bob", "carol", "dave", "eve"]),
    ("userName", "ascending", ["alice", "bob", "carol", "dave", "eve"]),
    ("userName", "descending", ["eve", "dave", "carol", "bob", "alice"]),
    ("name.familyName", "descending", ["eve", "dave", "carol", "bob", "alice"]),
    ("displayName", "ascending", ["alice", "bob", "carol", "dave", "eve"]),
    ("emails", "ascending", ["alice", "bob", "carol", "dave", "eve"]),   # multi-valued: by the primary value
])
def test_sorting(scim, people, sort_by, order, expected):
    params = {"filter": people.scope, "sortBy": sort_by}
    if order:
        params["sortOrder"] = order
    got = ids(scim.list("Users", **params)["Resources"])
    assert got == [people.users[k]["id"] for k in expected], (sort_by, order)


def test_sorting_puts_missing_values_last_ascending(scim, people):
    got = ids(scim.list("Users", filter=people.scope, sortBy="externalId")["Resources"])
    assert got[:3] == [people.users[k]["id"] for k in ("alice", "bob", "dave")]
    assert set(got[3:]) == people.id("carol", "eve")


def test_sorting_then_paging(scim, people):
    page = scim.list("Users", filter=people.scope, sortBy="userName", sortOrder="descending", startIndex=2, count=2)
    assert ids(page["Resources"]) == [people.users["dave"]["id"], people.users["carol"]["id"]]


def test_attributes_projection_on_lists_and_resources(scim, people):
    page = scim.list("Users", filter=people.scope, attributes="userName")
    for r in page["Resources"]:
        assert {"id", "userName"} <= set(r) <= {"id", "userName", "schemas", "meta"}, r
    page = scim.list("Users", filter=people.scope, attributes="name.givenName,emails.value")
    for r in page["Resources"]:
        assert set(r.get("name", {})) == {"givenName"}, r
        assert all(set(e) == {"value"} for e in r["emails"]), r
        assert "userName" not in r and "displayName" not in r
    alice = people.users["alice"]["id"]
    one = scim.user(alice, excludedAttributes="emails,name")
    assert "emails" not in one and "name" not in one and one["userName"].startswith(people.tag)
    assert one["id"] == alice, "id is always returned"
    one = scim.user(alice, attributes="displayName")
    assert one["id"] == alice and one["displayName"] == "Alice Adams" and "userName" not in one
    # `id` cannot be excluded (returned: always).
    assert scim.user(alice, excludedAttributes="id")["id"] == alice


def test_search_endpoints_take_the_query_in_the_body(scim, people):
    body = scim.search("Users", filter=f'({people.scope}) and active eq true', sortBy="userName",
                       sortOrder="descending", startIndex=1, count=2, attributes=["userName", "active"])
    assert body["totalResults"] == 4
    assert ids(body["Resources"]) == [people.users["eve"]["id"], people.users["dave"]["id"]]
    assert all(set(r) <= {"id", "userName", "active", "schemas", "meta"} for r in body["Resources"])
    excluded = scim.search("Users", filter=people.scope, excludedAttributes=["emails"])
    assert excluded["totalResults"] == 5 and all("emails" not in r for r in excluded["Resources"])
    root = scim.search("", filter=f'userName eq "{people.tag}-bob@example.com"')
    assert ids(root["Resources"]) == [people.users["bob"]["id"]]
    g = scim.create_group(f"Search {uid(8)}")
    groups = scim.search("Groups", filter=f'displayName eq "{g["displayName"]}"')
    assert ids(groups["Resources"]) == [g["id"]]


def test_search_without_the_search_schema_is_400(scim, people):
    scim_error(scim.post("Users/.search", {"filter": people.scope}), 400)
    scim_error(scim.post("Users/.search", {"schemas": [SEARCH_SCHEMA], "count": "ten"}), 400)


# ---- ETags ----------------------------------------------------------------------------------------

def test_if_match_guards_every_write(scim, stored):
    user = scim.create_user()
    path = f"Users/{user['id']}"
    first = scim.get(path)
    v1 = first.headers["etag"]
    assert v1 == ok(first)["meta"]["version"] and v1.startswith('W/"'), v1

    changed = scim.patch(path, [{"op": "replace", "path": "displayName", "value": "Version Two"}], headers={"If-Match": v1})
    v2 = ok(changed)["meta"]["version"]
    assert v2 != v1 and changed.headers["etag"] == v2

    stale = [{"op": "replace", "path": "displayName", "value": "Lost Update"}]
    scim_error(scim.patch(path, stale, headers={"If-Match": v1}), 412)
    body = user_body(user_name=user["userName"], email=user["emails"][0]["value"], display="Lost Put")
    scim_error(scim.put(path, body, headers={"If-Match": v1}), 412)
    scim_error(scim.delete(path, headers={"If-Match": v1}), 412)
    scim_error(scim.patch(path, stale, headers={"If-Match": "garbage"}), 412)
    after = scim.user(user["id"])
    assert after["displayName"] == "Version Two" and after["meta"]["version"] == v2
    assert stored.user(user["id"])["name"] == "Version Two"

    ok(scim.patch(path, [{"op": "replace", "path": "displayName", "value": "Any"}], headers={"If-Match": "*"}))
    v3 = scim.get(path).headers["etag"]
    ok(scim.patch(path, [{"op": "replace", "path": "active", "value": False}], headers={"If-Match": f'W/"nope", {v3}'}))
    v4 = scim.get(path).headers["etag"]
    ok(scim.delete(path, headers={"If-Match": v4}), 204)


def test_if_none_match_answers_304_when_unchanged(scim):
    user = scim.create_user()
    r = scim.get(f"Users/{user['id']}")
    tag = r.headers["etag"]
    again = scim.get(f"Users/{user['id']}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and not again.content, describe(again)
    ok(scim.patch(f"Users/{user['id']}", [{"op": "replace", "path": "displayName", "value": "Changed"}]))
    fresh = scim.get(f"Users/{user['id']}", headers={"If-None-Match": tag})
    assert ok(fresh)["displayName"] == "Changed"


def test_group_etags(scim):
    group = scim.create_group()
    path = f"Groups/{group['id']}"
    v1 = scim.get(path).headers["etag"]
    user = scim.create_user()
    ok(scim.patch(path, [{"op": "add", "path": "members", "value": [{"value": user["id"]}]}], headers={"If-Match": v1}))
    scim_error(scim.patch(path, [{"op": "remove", "path": "members"}], headers={"If-Match": v1}), 412)
    assert [m["value"] for m in scim.group(group["id"])["members"]] == [user["id"]]
    assert scim.get(path).headers["etag"] != v1


# ---- bad queries: 400, never 5xx ------------------------------------------------------------------

@pytest.mark.parametrize("filt", [
    'userName eq',
    'userName zz "x"',
    '(userName eq "x"',
    'userName eq "x")',
    'userName eq "unterminated',
    'emails[type eq "work"',
    'emails[type eq "work"]]',
    'userName eq "x" and',
    'and userName eq "x"',
    'not userName eq "x"',
    'nosuchattribute eq "x"',
    'urn:example:nothing:attr eq "x"',
    'userName eq x',
    'active eq "maybe" or',
    'userName pr "x"',
    '"x" eq userName',
    'userName eq "x" or or userName eq "y"',
    'emails[type eq "work"].nosuch eq "x"',
    'userName eq "\\u"',
])
def test_bad_filters_are_400_invalid_filter(scim, filt):
    scim_error(scim.get("Users", params={"filter": filt}), 400, "invalidFilter")
    scim_error(scim.post("Users/.search", {"schemas": [SEARCH_SCHEMA], "filter": filt}), 400, "invalidFilter")


@pytest.mark.parametrize("params", [
    {"sortBy": "nosuch"},
    {"sortOrder": "sideways"},
    {"startIndex": "abc"},
    {"count": "ten"},
    {"attributes": "emails[type"},
])
def test_bad_list_parameters_are_400(scim, params):
    scim_error(scim.get("Users", params=params), 400)


def test_odd_but_valid_queries_never_5xx(scim):
    for filt in ('userName eq ""', 'userName co "\u00e9\u00e8"', 'userName eq "' + "x" * 5000 + '"',
                 'userName sw "%"', 'userName co "_"', "userName eq \"'; DROP TABLE users; --\"",
                 'meta.created gt "not a date"', 'emails[type eq "work"].value eq "a\\"b"',
                 '(' * 300 + 'userName eq "x"' + ')' * 300, 'not (' * 200 + 'active eq true' + ')' * 200):
        r = scim.get("Users", params={"filter": filt})
        assert r.status_code in (200, 400), describe(r)
        if r.status_code == 200:
            assert r.json()["totalResults"] >= 0
