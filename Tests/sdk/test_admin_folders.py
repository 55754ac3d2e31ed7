"""Admin API folders of a product environment through the `cloudinary` SDK (`cloudinary.api.root_folders`,
`subfolders`, `create_folder`, `rename_folder`, `delete_folder`, `SearchFolders`), authenticated with the
environment's API keys and enforced with each key's roles. Keys start with no roles: the tests give them
roles through the Permissions API (raw HTTP, for `policy_parameters.folder_id`) or the Admin API's folder-roles
endpoint (`folder_operations/invite/{folder_id}`, raw HTTP: the SDK does not expose it)."""

from __future__ import annotations

import cloudinary
import cloudinary.api
import httpx
import pytest
from cloudinary.exceptions import AlreadyExists, AuthorizationRequired, BadRequest, NotAllowed, NotFound
from cloudinary.search_folders import SearchFolders

from support import HTTP_TIMEOUT, uid

MASTER = "cld::role::prodenv::master_admin"
F_VIEWER = "cld::role::folder::viewer"
F_CONTRIBUTOR = "cld::role::folder::contributor"
F_EDITOR = "cld::role::folder::editor"
F_MANAGER = "cld::role::folder::manager"


class Key:
    """One environment API key and the SDK options that make a call with it."""

    def __init__(self, base_url: str, cloud_name: str, api_key: str, api_secret: str):
        self.base_url, self.cloud_name, self.api_key, self.api_secret = base_url, cloud_name, api_key, api_secret

    @property
    def opts(self) -> dict:
        return {"cloud_name": self.cloud_name, "api_key": self.api_key, "api_secret": self.api_secret,
                "upload_prefix": self.base_url}

    def root(self):
        return cloudinary.api.root_folders(**self.opts)

    def sub(self, path):
        return cloudinary.api.subfolders(path, **self.opts)

    def create(self, path):
        return cloudinary.api.create_folder(path, **self.opts)

    def rename(self, a, b):
        return cloudinary.api.rename_folder(a, b, **self.opts)

    def delete(self, path):
        return cloudinary.api.delete_folder(path, **self.opts)

    def invite(self, method: str, folder_id: str, **kw) -> httpx.Response:
        url = f"{self.base_url}/v1_1/{self.cloud_name}/folder_operations/invite/{folder_id}"
        return httpx.request(method, url, auth=(self.api_key, self.api_secret), timeout=HTTP_TIMEOUT, **kw)


@pytest.fixture(scope="module")
def env(new_sdk):
    """A fresh environment, so root listings hold only this module's folders."""
    return new_sdk.product_environments.create(request={"name": f"Folders {uid(8)}"})


@pytest.fixture(scope="module")
def make_key(new_sdk, perm, env, base_url):
    """`make_key(roles)`: a new API key of `env`; roles are role ids (global) or (role id, folder external id)."""

    def make(roles=()) -> Key:
        k = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": f"k {uid(6)}", "enabled": True})
        items = []
        for r in roles:
            if isinstance(r, tuple):
                items.append({"id": r[0], "scope_id": env.id, "policy_parameters": {"folder_id": r[1]}})
            else:
                items.append({"id": r, "scope_id": env.id})
        if items:
            perm.ok_assign("apiKey", k.api_key, items)
        return Key(base_url, env.cloud_name, k.api_key, k.api_secret)

    return make


@pytest.fixture(scope="module")
def admin(make_key) -> Key:
    return make_key([MASTER])


def paths(result) -> list[str]:
    return [f["path"] for f in result["folders"]]


def forbidden(exc_info, action: str) -> None:
    assert f'Request forbidden due to missing permissions (actions=["{action}"])' in str(exc_info.value), str(exc_info.value)


def test_master_admin_key_creates_lists_renames_and_deletes(admin):
    top = f"Creative-{uid(6)}"
    created = admin.create(f"{top}/2026/Jan")
    assert created["success"] is True
    assert created["path"] == f"{top}/2026/Jan" and created["name"] == "Jan" and created["external_id"]
    root = admin.root()
    assert top in paths(root) and root["next_cursor"] is None and root["total_count"] == len(root["folders"])
    assert {"name", "path", "external_id"} <= set(root["folders"][0])
    sub = admin.sub(top)
    assert paths(sub) == [f"{top}/2026"] and sub["total_count"] == 1
    assert paths(admin.sub(f"{top}/2026")) == [f"{top}/2026/Jan"]

    with pytest.raises(AlreadyExists):
        admin.create(f"{top}/2026")
    with pytest.raises(NotFound):
        admin.sub(f"{top}/nope")
    with pytest.raises(BadRequest):
        admin.create(f"{top}/a?b")

    moved = admin.rename(f"{top}/2026", f"{top}-archive/2026")
    assert moved["from"] == {"name": "2026", "path": f"{top}/2026"}
    assert moved["to"] == {"name": "2026", "path": f"{top}-archive/2026"}
    jan = admin.sub(f"{top}-archive/2026")["folders"]
    assert [f["path"] for f in jan] == [f"{top}-archive/2026/Jan"] and jan[0]["external_id"] == created["external_id"]
    assert admin.sub(top)["folders"] == []

    with pytest.raises(BadRequest):
        admin.delete(f"{top}-archive")  # has subfolders
    assert admin.delete(f"{top}-archive/2026/Jan") == {"deleted": [f"{top}-archive/2026/Jan"], "next_cursor": None}
    assert admin.delete(f"{top}-archive/2026")["deleted"] == [f"{top}-archive/2026"]
    admin.delete(f"{top}-archive")
    admin.delete(top)
    assert top not in paths(admin.root())


def test_paths_with_spaces_and_unicode_round_trip(admin):
    top = f"Shots {uid(4)}"
    created = admin.create(f"{top}/Été 2026")
    assert created["path"] == f"{top}/Été 2026" and created["name"] == "Été 2026"
    assert paths(admin.sub(top)) == [f"{top}/Été 2026"]
    assert admin.rename(f"{top}/Été 2026", f"{top}/Hiver 2026")["to"]["path"] == f"{top}/Hiver 2026"


def test_credentials_are_the_environments_keys(admin, base_url, env):
    with pytest.raises(AuthorizationRequired):
        cloudinary.api.root_folders(**{**admin.opts, "api_secret": "wrong"})
    with pytest.raises(AuthorizationRequired):
        cloudinary.api.root_folders(**{**admin.opts, "cloud_name": f"no-such-{uid(6)}"})


def test_key_without_roles_sees_nothing_and_may_do_nothing(admin, make_key):
    top = f"Private-{uid(6)}"
    admin.create(top)
    nobody = make_key()
    assert nobody.root()["folders"] == []
    with pytest.raises(NotAllowed) as e:
        nobody.create(f"Mine-{uid(4)}")
    forbidden(e, "create")
    with pytest.raises(NotAllowed) as e:
        nobody.sub(top)
    forbidden(e, "read")


def test_folder_roles_decide_down_the_tree(admin, make_key):
    top = f"Creative-{uid(6)}"
    creative = admin.create(top)["external_id"]
    admin.create(f"{top}/2026/Jan")
    other = f"Marketing-{uid(6)}"
    admin.create(other)

    viewer = make_key([(F_VIEWER, creative)])
    assert paths(viewer.root()) == [top]
    assert paths(viewer.sub(f"{top}/2026")) == [f"{top}/2026/Jan"]  # inherited from /Creative
    with pytest.raises(NotAllowed) as e:
        viewer.create(f"{top}/2026/Feb")
    forbidden(e, "create")
    with pytest.raises(NotAllowed):
        viewer.sub(other)

    contributor = make_key([(F_CONTRIBUTOR, creative)])
    assert contributor.create(f"{top}/2026/Jan/Week1")["path"] == f"{top}/2026/Jan/Week1"
    with pytest.raises(NotAllowed):
        contributor.create(f"{other}/x")
    with pytest.raises(NotAllowed):
        contributor.create(f"Root-{uid(4)}")
    with pytest.raises(NotAllowed) as e:
        contributor.rename(f"{top}/2026/Jan/Week1", f"{top}/2026/Jan/Week2")
    forbidden(e, "update")

    editor = make_key([(F_EDITOR, creative)])
    assert editor.rename(f"{top}/2026/Jan/Week1", f"{top}/2026/Jan/Week2")["to"]["path"] == f"{top}/2026/Jan/Week2"
    with pytest.raises(NotAllowed) as e:
        editor.delete(f"{top}/2026/Jan/Week2")
    forbidden(e, "delete")
    with pytest.raises(NotAllowed):
        editor.rename(f"{top}/2026/Jan/Week2", f"{other}/Week2")  # the destination does not accept it

    manager = make_key([(F_MANAGER, creative)])
    assert manager.delete(f"{top}/2026/Jan/Week2")["deleted"] == [f"{top}/2026/Jan/Week2"]


def test_folder_roles_through_invite_and_inheritance(admin, make_key):
    top = f"Creative-{uid(6)}"
    creative = admin.create(top)["external_id"]
    jan = admin.create(f"{top}/2026/Jan")["external_id"]
    target = make_key()
    with pytest.raises(NotAllowed):
        target.create(f"{top}/2026/Jan/Week1")

    body = {"principal": {"type": "apiKey", "id": target.api_key}, "operation": "add", "roles": [F_CONTRIBUTOR]}
    r = admin.invite("POST", creative, json=body)
    assert r.status_code == 200 and r.json() == {"success": True}, r.text
    assert target.create(f"{top}/2026/Jan/Week1")["path"] == f"{top}/2026/Jan/Week1"

    r = admin.invite("GET", jan, params={"permitted_roles": "true"})
    assert r.status_code == 200, r.text
    shared = [s for s in r.json()["shared_with"] if s["id"] == target.api_key]
    assert shared == [{"type": "apiKey", "id": target.api_key, "folder_id": creative,
                       "roles": [{"id": F_CONTRIBUTOR, "name": "Contributor", "description": shared[0]["roles"][0]["description"],
                                  "inherited": True}]}]
    assert {p["id"] for p in r.json()["permitted_roles"]} == {F_VIEWER, F_CONTRIBUTOR, F_EDITOR, F_MANAGER}
    direct = admin.invite("GET", creative).json()["shared_with"]
    assert [s["roles"][0]["inherited"] for s in direct if s["id"] == target.api_key] == [False]
    assert "permitted_roles" not in admin.invite("GET", creative).json()

    # The contributor cannot share; a manager of the folder can, up to its own level.
    r = target.invite("POST", jan, json={**body, "roles": [F_VIEWER]})
    assert r.status_code == 403 and 'actions=["share"]' in r.json()["error"]["message"], r.text
    manager = make_key([(F_MANAGER, creative)])
    r = manager.invite("POST", jan, json={**body, "roles": [F_EDITOR]})
    assert r.status_code == 200, r.text
    assert target.rename(f"{top}/2026/Jan/Week1", f"{top}/2026/Jan/Week2")["to"]["name"] == "Week2"

    # Bad requests: not a folder role, too many roles, an account key, an unknown folder.
    assert admin.invite("POST", jan, json={**body, "roles": [MASTER]}).status_code == 400
    assert admin.invite("POST", jan, json={**body, "roles": [F_VIEWER] * 11}).status_code == 400
    assert admin.invite("POST", jan, json={**body, "principal": {"type": "provisioningKey", "id": "x"}}).status_code == 400
    r = admin.invite("GET", "c" + "0" * 32)
    assert r.status_code == 404 and r.json()["error"]["message"]

    # Removing the roles takes the permissions away again.
    assert admin.invite("POST", jan, json={**body, "operation": "remove", "roles": [F_EDITOR]}).status_code == 200
    assert admin.invite("POST", creative, json={**body, "operation": "remove"}).status_code == 200
    with pytest.raises(NotAllowed):
        target.create(f"{top}/2026/Jan/Week3")


def test_search_folders_subset(admin):
    top = f"Search-{uid(6)}"
    admin.create(f"{top}/alpha/beta")
    admin.create(f"{top}/gamma")
    result = SearchFolders().expression(f"path:{top}").sort_by("path", "asc").max_results(10).execute(**admin.opts)
    assert paths(result) == [top, f"{top}/alpha", f"{top}/alpha/beta", f"{top}/gamma"]
    assert result["total_count"] == 4 and "time" in result and result["folders"][0]["created_at"]
    named = SearchFolders().expression(f"name=beta AND path:{top}").execute(**admin.opts)
    assert paths(named) == [f"{top}/alpha/beta"]
    with pytest.raises(BadRequest):
        SearchFolders().expression("name:a OR name:b").execute(**admin.opts)


def test_listing_pages_with_max_results_and_next_cursor(admin):
    top = f"Paged-{uid(6)}"
    for name in ("a", "b", "c"):
        admin.create(f"{top}/{name}")
    first = cloudinary.api.subfolders(top, max_results=2, **admin.opts)
    assert paths(first) == [f"{top}/a", f"{top}/b"] and first["total_count"] == 3 and first["next_cursor"]
    rest = cloudinary.api.subfolders(top, max_results=2, next_cursor=first["next_cursor"], **admin.opts)
    assert paths(rest) == [f"{top}/c"] and rest["next_cursor"] is None


def test_key_of_another_environment_is_refused(admin, new_sdk, main_env):
    other = new_sdk.access_keys.generate(sub_account_id=main_env.id, access_key_request={"name": f"o {uid(6)}", "enabled": True})
    with pytest.raises(AuthorizationRequired):
        cloudinary.api.root_folders(**{**admin.opts, "api_key": other.api_key, "api_secret": other.api_secret})
