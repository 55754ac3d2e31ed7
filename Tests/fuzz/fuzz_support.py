"""Schemathesis set-up shared by the fuzz tests: one deterministic configuration, the specs, and the check
run on every generated request (never a 5xx, and the server process still alive and answering `/health`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest
import requests
import schemathesis

REPO = Path(__file__).resolve().parents[2]
# Cloudinary's published OpenAPI specs (../shared/spec next to the repository); ours for collections.
CLOUDINARY_SPECS = REPO.parent / "shared" / "spec" / "cloudinary-openapi"
COLLECTIONS_SPEC = Path(__file__).resolve().parent / "collections.yml"

# Same seed every run, so CI sees the same requests (Schemathesis derives one seed per operation from it).
SEED = 20261130
# Generated examples per operation in the fuzzing phase (the coverage and examples phases add their own,
# fixed, cases). GATEHOUSE_FUZZ_EXAMPLES raises it for a longer local run.
MAX_EXAMPLES = int(os.environ.get("GATEHOUSE_FUZZ_EXAMPLES", "25"))
REQUEST_TIMEOUT = 30.0
HEALTH_TIMEOUT = 10.0


def spec_path(name: str) -> Path:
    path = CLOUDINARY_SPECS / name
    if not path.exists():
        pytest.fail(f"spec {path} is missing (the fuzz tests read ../shared/spec/cloudinary-openapi)")
    return path


def fuzz_config(base_url: str, *, parameters: dict, dictionaries: dict[str, list[str]] | None = None) -> schemathesis.Config:
    """A deterministic configuration against `base_url`: valid and invalid data, `parameters` fixed or drawn from
    `dictionaries` (values that exist on the server, so requests get past the 404s), no stateful phase."""
    return schemathesis.Config.from_dict({
        "seed": SEED,
        "base-url": base_url,
        "suppress-health-check": ["all"],
        "request-timeout": REQUEST_TIMEOUT,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            "no-shrink": True,
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
        "parameters": parameters,
        "dictionaries": {name: {"values": values} for name, values in (dictionaries or {}).items()},
    })


def drawn(dictionary: str, probability: float = 0.6) -> dict:
    """A parameter binding: a value from `dictionary` with this probability, else whatever Schemathesis generates."""
    return {"dictionary": dictionary, "probability": probability}


def ok(response: httpx.Response) -> dict:
    """The JSON body of a successful seeding call."""
    assert response.status_code in (200, 201), (response.status_code, response.text)
    return response.json()


def session(auth: tuple[str, str]) -> requests.Session:
    s = requests.Session()
    s.auth = auth
    return s


def exercise(case: schemathesis.Case, server, http: requests.Session) -> None:
    """Sends the generated request and asserts the fuzzing contract: no 5xx, and the server still answers
    `/health` afterwards. A failure names the request (as curl) and shows the response and the log tail."""
    if server.proc.poll() is not None:
        pytest.fail(f"gatehouse is no longer running (exit {server.proc.returncode}) before:\n"
                    f"{case.as_curl_command()}\n{_log_tail(server)}")
    try:
        response = case.call(session=http, timeout=REQUEST_TIMEOUT)
    except requests.RequestException as e:
        pytest.fail(f"no response ({e!r}; process exit: {_exit_status(server)}) to\n{case.as_curl_command()}\n"
                    f"{_log_tail(server)}")
    assert response.status_code < 500, (
        f"{response.status_code} for\n{case.as_curl_command()}\nresponse: {response.text[:2000]}\n{_log_tail(server)}")
    try:
        health = httpx.get(server.base_url + "/health", timeout=HEALTH_TIMEOUT)
    except httpx.HTTPError as e:
        pytest.fail(f"/health does not answer ({e!r}) after\n{case.as_curl_command()}\n"
                    f"(got {response.status_code}; process exit: {_exit_status(server)})\n{_log_tail(server)}")
    assert health.status_code == 200, (
        f"/health answered {health.status_code} after\n{case.as_curl_command()}\n{_log_tail(server)}")


def _exit_status(server) -> int | None:
    """The exit status, giving a dying process a moment; None while it runs."""
    try:
        return server.proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        return None


def _log_tail(server, lines: int = 40) -> str:
    return "server log, last lines:\n" + "\n".join(server.log().splitlines()[-lines:])
