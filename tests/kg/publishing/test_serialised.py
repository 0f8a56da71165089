"""Uploads to one scope at the same time are serialised, and none is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from kg import history
from kg.auth.scopes import parse_scope
from kg.config import Settings
from kg.publishing import service
from kg.store import Store
from tests.writing import principal, responsibility_rows, writable_settings, xlsx

N = 3


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("serialised"))


def test_concurrent_publishes_each_become_a_version_in_turn(settings: Settings) -> None:
    who = principal("county:16")
    files = [xlsx(responsibility_rows("16", "005", "hyte", f"Rinnakkainen {i}")) for i in range(N)]

    def publish(i: int) -> service.Upload:
        return service.check_upload(
            settings, who, parse_scope("county:16"), f"f{i}.xlsx", files[i], publish=True
        )

    with ThreadPoolExecutor(N) as pool:
        uploads = list(pool.map(publish, range(N)))
    assert all(u.state == "published" and u.version for u in uploads), [u.state for u in uploads]
    log = history.read_log(history.history_dir(settings.data_dir))
    assert sorted(v.version for v in log) == sorted(u.version for u in uploads if u.version)
    assert [v.number for v in log] == list(range(1, N + 1))
    # each publish replaced the folder: the store holds the last one's post, alone
    last = {u.version: u for u in uploads}[log[-1].version]
    wanted = f"Rinnakkainen {[u.id for u in uploads].index(last.id)}"
    titles = {
        r["t"]
        for r in Store.open(settings.store_path).select(
            "SELECT ?t WHERE { ?p a org:Post ; skos:prefLabel ?t "
            "FILTER(STRSTARTS(?t, 'Rinnakkainen')) }"
        )
    }
    assert titles == {wanted}
    # the PROV graph counts every version
    count = Store.open(settings.store_path).select(
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a a yp:Publication }"
    )[0]["n"]
    assert count == N
