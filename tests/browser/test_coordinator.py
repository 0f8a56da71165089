"""A coordinator of a county with no regional data yet, from the one-time link to a
published upload, in headless Chromium against a real uvicorn process.

Etelä-Pohjanmaa (county 16) has no regional data in the test's data folder. Its
coordinator sets a password from the link ``kg user add`` prints, signs in, downloads the
county's (empty) template from the page, fills it as Excel would be filled (openpyxl), with
one planted error (a theme that does not exist), uploads it and sees the error with its
sheet, row and column; fixes it, uploads again, sees the changes, the data checks and the
audit rows that change; publishes; and then opens the gap report (the county's page) and a
municipality's page, where the new owner is shown. Every page of the way passes the
accessibility check, and asks no host but the service. The test prints its duration.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from kg import history
from kg.auth.accounts import Accounts
from kg.auth.scopes import parse_scope
from kg.config import Settings
from tests.browser.a11y import blocking, check
from tests.browser.conftest import Recorder
from tests.helpers import running_service
from tests.writing import SECRET, writable_settings

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PASSWORD = "pitkä-salasana-2026"
NAME = "ep-koordinaattori"
MUNICIPALITY = ("005", "Alajärvi")  # a municipality of county 16
POST = "Hyvinvointikoordinaattori (testi)"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("coordinator"))


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    env = {
        "YP_DATA_DIR": str(settings.data_dir),
        "YP_ACCOUNTS": str(settings.accounts_path),
        "YP_SECRET": SECRET,
    }
    with running_service(settings, **env) as url:
        yield url


def accessible(page: Page, where: str) -> None:
    found = blocking(check(page))
    assert found == [], f"{where}: " + "; ".join(str(v) for v in found)


def fill(template: Path, out: Path, theme: str) -> Path:
    """The downloaded template with three responsibility rows typed in, as a coordinator
    fills it: both sides of HYTE and the municipality side of ``theme``."""
    book = load_workbook(template)
    sheet = book["vastuut"]
    code, _name = MUNICIPALITY
    rows = [
        ("16", code, "hyte", "kunta", POST, "Hyvinvointipalvelut"),
        ("16", code, "hyte", "hyvinvointialue", "HYTE-päällikkö (testi)", "Strategia"),
        ("16", code, theme, "kunta", "Sivistysjohtaja (testi)", "Sivistyspalvelut"),
    ]
    header = [c.value for c in sheet[1]]
    for r in rows:
        values = dict(
            zip(
                [
                    "hyvinvointialue",
                    "kunta",
                    "teema",
                    "puoli",
                    "tehtävänimike",
                    "organisaatioyksikkö",
                ],
                r,
                strict=True,
            )
        )
        values |= {"yhteyskanava": "kirjaamo@alajarvi.fi", "tarkistettu": "2026-11-30"}
        sheet.append([values.get(str(h), None) for h in header])
    book.save(out)
    return out


def test_a_coordinator_publishes_their_countys_first_data(
    recorded: tuple[Page, Recorder],
    service: str,
    settings: Settings,
    tmp_path: Path,
) -> None:
    started = time.perf_counter()
    page, recorder = recorded
    link = Accounts(settings.accounts_path).add_user(NAME, parse_scope("county:16"), "editor")

    page.goto(f"{service}/account/setup/{link}?lang=fi")
    accessible(page, "set password")
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/account/signin?lang=fi")
    accessible(page, "sign in")
    page.fill("#name", NAME)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/coordinate?lang=fi")
    assert NAME in page.inner_text("main")
    accessible(page, "coordinate")
    assert page.locator("#h-rows + p").inner_text()  # no rows yet: said in words

    with page.expect_download() as download:
        page.click("text=Lataa alueen nykyiset tiedot")
    template = tmp_path / "lataus.xlsx"
    download.value.save_as(template)

    # the planted error: a theme that does not exist
    page.set_input_files("#file", str(fill(template, tmp_path / "täytetty.xlsx", "hyvinvointi")))
    page.click("text=Tarkista")
    page.wait_for_url("**/coordinate/uploads/**")
    assert page.get_attribute("#upload-state", "data-state") == "refused"
    error_row = page.locator("table.errors tbody tr").first.locator("td").all_inner_texts()
    assert error_row[:3] == ["vastuut", "4", "teema"], error_row
    accessible(page, "refused upload")
    page.screenshot(path=_artifact("coordinator-refused"), full_page=True)

    page.goto(f"{service}/coordinate?lang=fi")
    page.set_input_files(
        "#file", str(fill(template, tmp_path / "korjattu.xlsx", "children-families"))
    )
    page.click("text=Tarkista")
    page.wait_for_url("**/coordinate/uploads/**")
    assert page.get_attribute("#upload-state", "data-state") == "checked"
    changes = page.locator("#changes tbody tr").all_inner_texts()
    assert len(changes) == 3 and all("lisätään" in c for c in changes), changes
    assert page.locator("#audit-changes tbody tr").count() >= 1
    audit_rows = page.locator("#audit-changes tbody tr").all_inner_texts()
    accessible(page, "checked upload")
    page.screenshot(path=_artifact("coordinator-checked"), full_page=True)

    page.click("#publish")
    page.wait_for_load_state()
    assert page.get_attribute("#upload-state", "data-state") == "published"
    versions = history.read_log(history.history_dir(settings.data_dir))
    assert [v.scope for v in versions] == ["county:16"]
    assert versions[0].agent.name == NAME
    # the audit change stays shown after publishing
    assert page.locator("#audit-changes tbody tr").all_inner_texts() == audit_rows

    page.click("#gap-report")
    page.wait_for_url("**/counties/16?lang=fi")
    accessible(page, "gap report")
    page.goto(f"{service}/municipalities/{MUNICIPALITY[0]}?lang=fi")
    assert POST in page.inner_text("main")
    # the public record of the change: the county's changes page and the version's own
    page.goto(f"{service}/changes/16?lang=fi")
    assert NAME in page.inner_text("main")
    accessible(page, "changes of county 16")
    page.goto(f"{service}/changes/versions/{versions[0].version}?lang=fi")
    assert versions[0].file_sha256[:12] in page.content()
    accessible(page, "the version")
    page.screenshot(path=_artifact("coordinator-published"), full_page=True)
    assert recorder.outside == [] and recorder.errors == [], recorder.errors
    print(f"\ncoordinator's way, sign-in to published: {time.perf_counter() - started:.1f} s")


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
