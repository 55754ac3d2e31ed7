"""Just-in-time provisioning and Cloudinary's SAML role mapping, rule by rule, read back through the
Permissions API (`principal_roles/inspect`, each role with its `source`) and the Provisioning API (the
user's environments and legacy role):

- `CloudinarySubAccounts`: the cloud names the user may access; none → all product environments.
- `CloudinaryRole` (multi-valued): `<cloud>::<role_id>`, `*::<role_id>`, `ACCOUNT::<role_id>`.
- at most 30 environments and 10 roles: more → refused, nothing written.
- environments in CloudinaryRole not provisioned by CloudinarySubAccounts → all product environments.
- no role → media_library_user; a legacy role name (and `tech_admin`) → that legacy role.
- unknown roles and cloud names → ignored, reported in the audit log, never a 5xx.
- at each login the SAML roles are replaced; roles given by hand stay.
- seats: a new user over the limit is refused, nothing written."""

from __future__ import annotations

import pytest

from idp import Person
from saml_support import (MAPPING_IGNORED, ROLE_ACC_ADMIN, ROLE_ACC_BILLING, ROLE_ACC_MASTER,
                          ROLE_ACC_REPORTS, ROLE_ML_ADMIN, ROLE_ML_USER, ROLE_PE_BILLING, ROLE_PE_MASTER,
                          ROLE_PE_REPORTS, ROLE_TECH, assert_refused, assert_signed_in, details, unique_email)
from support import uid

SUB = "CloudinarySubAccounts"
ROLE = "CloudinaryRole"
SAMLISH = ("saml",)  # a legacy role name given by SAML is held as a SAML role too (replaced at each login)


def login(site, attributes: dict, email: str | None = None) -> dict:
    """Signs a fresh (or the given) person in over HTTP; returns the user's Provisioning record."""
    email = email or unique_email("map")
    with site.client() as client:
        resp = site.sp_login(client, Person(email, attributes))
        assert_signed_in(site, client, resp, email)
    user = site.user(email)
    assert user is not None and "saml" in user["providers"], user
    return user


def env_roles(site, user_id: str, envs) -> dict[str, dict[str, str]]:
    """cloud name → {role id: source} for each environment."""
    return {cloud: site.role_sources(user_id, scope_id=env.id) for cloud, env in envs.items()}


def sub_account_ids(user: dict) -> set[str]:
    """The user's product environments as the Provisioning API's user record lists them."""
    return set(user.get("sub_account_ids") or [])


@pytest.fixture(scope="module")
def names(clouds):
    return list(clouds)


# ---- environments -----------------------------------------------------------------------------

def test_nothing_given_means_all_environments_and_media_library_user(site, clouds):
    user = login(site, {})
    assert user["all_sub_accounts"] is True, user
    assert user["role"] == "media_library_user", user
    for cloud, roles in env_roles(site, user["id"], clouds).items():
        assert roles.get(ROLE_ML_USER) in SAMLISH, (cloud, roles)


def test_sub_accounts_limit_the_environments(site, clouds, names):
    alpha, beta, gamma = names
    user = login(site, {SUB: [alpha, beta]})
    assert user["all_sub_accounts"] is False, user
    assert sub_account_ids(user) == {clouds[alpha].id, clouds[beta].id}, user
    assert site.user_environments(user["id"]) == {clouds[alpha].id, clouds[beta].id}
    roles = env_roles(site, user["id"], clouds)
    assert roles[alpha].get(ROLE_ML_USER) in SAMLISH and roles[beta].get(ROLE_ML_USER) in SAMLISH, roles
    assert roles[gamma] == {}, roles


# ---- CloudinaryRole ---------------------------------------------------------------------------

def test_cloud_scoped_roles_go_to_that_environment(site, clouds, names):
    alpha, beta, gamma = names
    user = login(site, {SUB: [alpha, beta], ROLE: [f"{alpha}::{ROLE_TECH}", f"{beta}::{ROLE_PE_REPORTS}"]})
    roles = env_roles(site, user["id"], clouds)
    assert roles[alpha] == {ROLE_TECH: "saml"}, roles
    assert roles[beta] == {ROLE_PE_REPORTS: "saml"}, roles
    assert roles[gamma] == {}, roles
    assert site.role_sources(user["id"], scope_type="account") == {}


def test_star_role_goes_to_every_environment(site, clouds):
    user = login(site, {ROLE: [f"*::{ROLE_ML_ADMIN}"]})
    for cloud, roles in env_roles(site, user["id"], clouds).items():
        assert roles == {ROLE_ML_ADMIN: "saml"}, (cloud, roles)
    # …including one made after the login.
    late = site.sdk.product_environments.create(request={"name": f"Late {uid(6)}"})
    assert site.role_sources(user["id"], scope_id=late.id).get(ROLE_ML_ADMIN) == "saml"


def test_account_role_is_held_at_account_level(site, clouds):
    user = login(site, {ROLE: [f"ACCOUNT::{ROLE_ACC_BILLING}", f"*::{ROLE_ML_USER}"]})
    assert site.role_sources(user["id"], scope_type="account") == {ROLE_ACC_BILLING: "saml"}
    for cloud, roles in env_roles(site, user["id"], clouds).items():
        assert roles == {ROLE_ML_USER: "saml"}, (cloud, roles)


def test_custom_role_by_id(site, clouds, names):
    alpha = names[0]
    custom = site.sdk.roles.create(request={"name": f"SAML custom {uid(6)}", "permission_type": "global",
                                            "scope_type": "prodenv",
                                            "system_policy_ids": ["cld::policy::global::ml::access"]}).data
    user = login(site, {SUB: [alpha], ROLE: [f"{alpha}::{custom.id}"]})
    assert site.role_sources(user["id"], scope_id=clouds[alpha].id) == {custom.id: "saml"}


def test_roles_for_environments_not_provisioned_mean_all_environments(site, clouds, names):
    alpha, beta, gamma = names
    user = login(site, {SUB: [alpha], ROLE: [f"{beta}::{ROLE_TECH}"]})
    assert user["all_sub_accounts"] is True, user
    roles = env_roles(site, user["id"], clouds)
    assert roles[beta].get(ROLE_TECH) == "saml", roles


@pytest.mark.parametrize("given,legacy,account_roles,env_role", [
    ("master_admin", "master_admin", {ROLE_ACC_MASTER}, ROLE_PE_MASTER),
    ("admin", "admin", {ROLE_ACC_ADMIN}, ROLE_PE_MASTER),
    ("technical_admin", "technical_admin", set(), ROLE_TECH),
    ("tech_admin", "technical_admin", set(), ROLE_TECH),
    ("billing", "billing", {ROLE_ACC_BILLING}, None),
    ("reports", "reports", {ROLE_ACC_REPORTS}, ROLE_PE_REPORTS),
    ("media_library_admin", "media_library_admin", set(), ROLE_ML_ADMIN),
    ("media_library_user", "media_library_user", set(), ROLE_ML_USER),
])
def test_legacy_role_names(site, clouds, names, given, legacy, account_roles, env_role):
    alpha, beta, gamma = names
    user = login(site, {SUB: [alpha], ROLE: [given]})
    assert user["role"] == legacy, user
    acc = site.role_sources(user["id"], scope_type="account")
    assert set(acc) == account_roles and all(s in SAMLISH for s in acc.values()), acc
    roles = env_roles(site, user["id"], clouds)
    if env_role is not None:
        assert roles[alpha].get(env_role) in SAMLISH, roles
        if given != "master_admin":  # a Master Admin reaches every environment whatever is provisioned
            assert env_role not in roles[gamma], roles


def test_legacy_role_without_sub_accounts_reaches_all_environments(site, clouds):
    user = login(site, {ROLE: ["technical_admin"]})
    assert user["all_sub_accounts"] is True and user["role"] == "technical_admin", user
    for cloud, roles in env_roles(site, user["id"], clouds).items():
        assert roles.get(ROLE_TECH) in SAMLISH, (cloud, roles)


# ---- limits -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def many_clouds(shared_site):
    """31 more product environments (the limit is 30)."""
    out = []
    for i in range(31):
        cloud = f"saml-many-{i}-{uid(5)}"
        shared_site.sdk.product_environments.create(request={"name": f"Many {i} {uid(4)}", "cloud_name": cloud})
        out.append(cloud)
    return out


def refused_login(site, attributes: dict, reason: str):
    email = unique_email("limit")
    users_before = site.user_count()
    since = site.newest_sequence()
    with site.client() as client:
        resp = site.sp_login(client, Person(email, attributes))
    event = assert_refused(site, resp, reason, since=since, emails=(email,), users_before=users_before)
    return resp, event


def test_thirty_environments_is_the_limit(site, many_clouds):
    user = login(site, {SUB: many_clouds[:30]})
    assert len(sub_account_ids(user)) == 30 and user["all_sub_accounts"] is False, user
    resp, _ = refused_login(site, {SUB: many_clouds}, "environment_limit")
    assert "30" in resp.text


def test_ten_roles_is_the_limit(site, clouds, names):
    alpha = names[0]
    ten = [f"*::{r}" for r in (ROLE_PE_MASTER, ROLE_TECH, ROLE_ML_ADMIN, ROLE_ML_USER, ROLE_PE_REPORTS,
                               ROLE_PE_BILLING)]
    ten += [f"ACCOUNT::{r}" for r in (ROLE_ACC_MASTER, ROLE_ACC_ADMIN, ROLE_ACC_BILLING, ROLE_ACC_REPORTS)]
    user = login(site, {ROLE: ten})
    assert len(site.role_sources(user["id"], scope_type="account")) == 4
    assert len(site.role_sources(user["id"], scope_id=clouds[alpha].id)) == 6
    custom = site.sdk.roles.create(request={"name": f"SAML eleventh {uid(6)}", "permission_type": "global",
                                            "scope_type": "prodenv"}).data
    resp, _ = refused_login(site, {ROLE: ten + [f"{alpha}::{custom.id}"]}, "role_limit")
    assert "10" in resp.text


def test_limits_leave_an_existing_user_untouched(site, clouds, names, many_clouds):
    alpha = names[0]
    email = unique_email("keep")
    user = login(site, {SUB: [alpha], ROLE: [f"{alpha}::{ROLE_TECH}"]}, email=email)
    since = site.newest_sequence()
    with site.client() as client:
        resp = site.sp_login(client, Person(email, {SUB: many_clouds}))
    assert_refused(site, resp, "environment_limit", since=since)
    after = site.user(email)
    assert sub_account_ids(after) == {clouds[alpha].id} and after["all_sub_accounts"] is False, after
    assert site.role_sources(user["id"], scope_id=clouds[alpha].id) == {ROLE_TECH: "saml"}


# ---- unknown names ----------------------------------------------------------------------------

def test_unknown_roles_and_cloud_names_are_ignored_and_reported(site, clouds, names):
    alpha, beta, gamma = names
    ghost_cloud = f"no-such-cloud-{uid(6)}"
    ghost_role = "cld::role::prodenv::no_such_role"
    since = site.newest_sequence()
    user = login(site, {SUB: [alpha, ghost_cloud],
                        ROLE: [f"{alpha}::{ROLE_TECH}", f"{alpha}::{ghost_role}", f"{ghost_cloud}::{ROLE_ML_ADMIN}",
                               "not-a-role-at-all", "ACCOUNT::cld::role::account::nope"]})
    roles = env_roles(site, user["id"], clouds)
    assert roles[alpha].get(ROLE_TECH) == "saml", roles
    assert ghost_role not in roles[alpha]
    assert site.role_sources(user["id"], scope_type="account") == {}
    reported = [e for e in site.events(MAPPING_IGNORED) if e["sequence"] > since]
    reported += [e for e in site.events("auth.sign_in.success") if e["sequence"] > since and details(e).get("ignored")]
    text = repr([details(e) for e in reported])
    for name in (ghost_cloud, ghost_role, "not-a-role-at-all", "cld::role::account::nope"):
        assert name in text, (name, reported)


def test_hostile_attribute_values_never_give_a_5xx(site):
    email = unique_email("hostile")
    with site.client() as client:
        resp = site.sp_login(client, Person(email, {
            SUB: ["", "::", "a" * 500, "\u202e", "<script>"], ROLE: ["::", "*::", "ACCOUNT::", "::::", "*", "x" * 2000],
            "firstName": ["\x7f" * 3], "displayName": ["<b>bold</b>"]}))
    assert resp.status_code < 500, (resp.status_code, resp.text[:500])


# ---- re-login ---------------------------------------------------------------------------------

def test_relogin_replaces_saml_roles_and_keeps_hand_given_ones(site, clouds, names):
    alpha, beta, gamma = names
    email = unique_email("relogin")
    user = login(site, {SUB: [alpha, beta], ROLE: [f"{alpha}::{ROLE_TECH}", f"ACCOUNT::{ROLE_ACC_REPORTS}"]},
                 email=email)
    site.perm.ok_assign("user", user["id"], [{"id": ROLE_ML_ADMIN, "scope_id": clouds[beta].id}])
    site.perm.ok_assign("user", user["id"], [{"id": ROLE_ACC_BILLING}])
    before = env_roles(site, user["id"], clouds)
    assert before[beta].get(ROLE_ML_ADMIN) == "explicit", before
    assert site.role_sources(user["id"], scope_type="account") == {ROLE_ACC_REPORTS: "saml", ROLE_ACC_BILLING: "explicit"}

    login(site, {SUB: [alpha, beta], ROLE: [f"{alpha}::{ROLE_ML_USER}"]}, email=email)
    after = env_roles(site, user["id"], clouds)
    assert after[alpha] == {ROLE_ML_USER: "saml"}, after
    assert after[beta] == {ROLE_ML_ADMIN: "explicit"}, after
    assert site.role_sources(user["id"], scope_type="account") == {ROLE_ACC_BILLING: "explicit"}


def test_relogin_replaces_a_saml_legacy_role(site, clouds, names):
    alpha, beta, gamma = names
    email = unique_email("legacy-relogin")
    user = login(site, {SUB: [alpha], ROLE: ["technical_admin"]}, email=email)
    assert env_roles(site, user["id"], clouds)[alpha] == {ROLE_TECH: "saml"}
    again = login(site, {SUB: [alpha]}, email=email)
    assert again["role"] == "media_library_user", again
    assert env_roles(site, user["id"], clouds)[alpha] == {ROLE_ML_USER: "saml"}


# ---- seats ------------------------------------------------------------------------------------

def test_new_user_over_the_seat_limit_is_refused(site):
    count = site.user_count()
    site.srv.set_seats(count, 0)
    try:
        email = unique_email("seat")
        since = site.newest_sequence()
        with site.client() as client:
            resp = site.sp_login(client, Person(email))
        assert_refused(site, resp, "seat_limit", since=since, emails=(email,), users_before=count)
    finally:
        site.srv.set_seats(500, 0)
