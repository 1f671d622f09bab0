"""`kg serve --allow-curation`: the graph page's reject / merge buttons write the curation file;
refused without the flag, from another site, or off loopback; the static page stays read-only."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from kg import api
from kg.curate import load
from kg.errors import StoreError
from kg.server import ServerConfig, make_server

from test_server import SEED, Server, http

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::RuntimeWarning")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("curate-serve")
    api.build([str(SEED)], store=d / "store", out=d / "out", validate=False)
    return d


@pytest.fixture(scope="module")
def curating(built):
    srv = Server(built / "store", "--allow-curation")
    yield srv
    srv.stop()


def _post(server, fields: dict, headers: dict | None = None):
    return http(server.url + "/curate", data=urlencode(fields).encode("utf-8"), headers={**FORM, **(headers or {})})


def test_reject_and_merge_from_the_page_write_the_file(curating, built):
    status, media, body = _post(curating, {"action": "reject", "subject": "威高集团", "relation": "partnerOf",
                                           "object": "青岛高新区", "note": "签约不是合作"},
                                headers={"Origin": curating.url})
    assert status == 200, body
    assert json.loads(body) == {"id": "c1", "line": 4, "decision": "c1 reject 威高集团 partnerOf 青岛高新区"}
    status, _, body = _post(curating, {"action": "merge", "entity": "生命谷", "into": "中关村生命科学园"})
    assert status == 200, body
    decisions = load(built / "curation.toml").decisions
    assert [(d.action, d.note) for d in decisions] == [("reject", "签约不是合作"), ("merge", "")]
    assert dict(decisions[1].fields) == {"entity": "生命谷", "into": "中关村生命科学园"}


@pytest.mark.parametrize("fields, headers, status, message", [
    ({"action": "reject", "subject": "a", "relation": "partnerOf", "object": "b"},
     {"Origin": "http://evil.example"}, 403, "an update from another site (http://evil.example) is refused"),
    ({"action": "split", "entity": "a"}, {}, 400, "action=reject or action=merge"),
    ({"action": "merge", "entity": "甲", "into": "甲"}, {}, 400, "merge decision c"),
    ({"action": "reject", "subject": "a", "relation": "ownedBy", "object": "b"}, {}, 400,
     "unknown relation 'ownedBy'"),
])
def test_bad_requests_are_refused(curating, fields, headers, status, message):
    got, _, body = _post(curating, fields, headers)
    assert got == status
    assert message in body.decode("utf-8")


def test_the_served_page_has_the_buttons_the_static_one_not(curating, built):
    status, _, page = http(curating.url + "/graph")
    assert status == 200
    assert b'id="kg-curate-reject"' in page and b'id="kg-curate-merge"' in page
    static = (built / "out" / "graph.html").read_bytes()
    assert b"kg-curate" not in static and b"/curate" not in static


def test_without_the_flag_nothing_is_written(built, tmp_path):
    srv = Server(built / "store", "--curation", str(tmp_path / "c.toml"))
    try:
        status, _, body = _post(srv, {"action": "merge", "entity": "a", "into": "b"})
        assert status == 403
        assert b"kg serve --allow-curation" in body
        assert b"kg-curate" not in http(srv.url + "/graph")[2]
    finally:
        srv.stop()
    assert not (tmp_path / "c.toml").exists()


def test_curation_is_served_on_loopback_only(built):
    with pytest.raises(StoreError, match=r"--allow-curation serves on a loopback address only"):
        make_server(ServerConfig(str(built / "store"), host="0.0.0.0", port=0, allow_curation=True))
