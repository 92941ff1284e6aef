"""The portal in a real headless browser (Debian's chromium through chromedriver, Selenium)
against a real registry process: sign in, find a referral, mark it member, and see another
cluster's referral refused. Screenshots go to ``$HDF_FIELD_PORTAL_SCREENSHOTS`` when set
(``docs/screenshots/portal/`` is made that way), else to the test's temporary folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from hdf_field.domain.enums import FunnelStatus, ReferralStatus
from hdf_field.registry import service
from hdf_field.registry.app import create_app
from hdf_field.storage.orm import Organisation, Referral
from tests.integration.sync.conftest import Registry
from tests.integration.sync.test_federation_e2e import RegistryProcess
from tests.integration.sync.test_referrals import World, make_world

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"{path} not found (apt-get install chromium chromium-driver)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture
def driver() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1366,900",
        "--lang=fr-FR",
    ):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def test_a_cluster_marks_a_referral_member_in_a_real_browser(
    tmp_path: Path, _template_db: Path, driver: object
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(driver, WebDriver)
    shots = Path(os.environ.get("HDF_FIELD_PORTAL_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "registry.sqlite3"
    shutil.copyfile(_template_db, path)
    db = service.open_registry(path)
    world: World = make_world(Registry(db, create_app(db)))
    db.dispose()
    server = RegistryProcess(str(path), tmp_path / "registry.log")
    # "localhost", not 127.0.0.1: browsers keep Secure cookies for localhost over plain HTTP.
    base = f"http://localhost:{server.port}/portal/"
    try:
        driver.get(base)
        assert driver.current_url.endswith("/portal/login")
        driver.save_screenshot(str(shots / "01-login.png"))
        driver.find_element(By.ID, "email").send_keys("pole@i-trans.eu")
        driver.find_element(By.ID, "password").send_keys("pole-password")
        driver.find_element(By.ID, "sign-in").click()
        # A click returns before the next page loads: wait for it, never for a fixed time.
        wait = WebDriverWait(driver, 20)
        wait.until(expected_conditions.url_contains("/portal/referrals"))
        assert driver.current_url.endswith("/portal/referrals"), driver.page_source[:500]
        table = driver.find_element(By.ID, "referrals").text
        assert "Ferroviaire du Nord" in table and "Poissons" not in table
        driver.save_screenshot(str(shots / "02-referrals.png"))
        driver.find_element(By.LINK_TEXT, "Ferroviaire du Nord").click()
        wait.until(expected_conditions.presence_of_element_located((By.ID, "status")))
        assert driver.find_element(By.ID, "status").text == "Transmis"
        driver.save_screenshot(str(shots / "03-referral.png"))
        driver.find_element(By.ID, "comment").send_keys("Bien reçu, nous appelons Mme Quennehen")
        driver.find_element(By.ID, "do-acknowledged").click()
        wait.until(expected_conditions.text_to_be_present_in_element((By.ID, "status"), "Pris"))
        assert driver.find_element(By.ID, "status").text == "Pris en compte"
        driver.find_element(By.ID, "comment").send_keys("Adhésion signée le 2 décembre")
        driver.find_element(By.ID, "do-member").click()
        wait.until(expected_conditions.text_to_be_present_in_element((By.ID, "status"), "Adh"))
        assert driver.find_element(By.ID, "status").text == "Adhérent"
        assert "Adhésion signée" in driver.find_element(By.ID, "comments").text
        driver.save_screenshot(str(shots / "04-member.png"))
        # Another cluster's referral: refused, nothing of it shown.
        driver.get(f"{base}referrals/{world.other_referral}")
        assert "introuvable" in driver.find_element(By.ID, "error").text
        assert "Poissons" not in driver.page_source
        driver.save_screenshot(str(shots / "05-other-cluster-refused.png"))
        driver.get(f"{base}referrals?lang=en")
        assert "Referrals received by" in driver.page_source
        driver.save_screenshot(str(shots / "06-referrals-en.png"))
        driver.get(f"{base}referrals/{world.referral}")
        driver.save_screenshot(str(shots / "07-referral-en.png"))
    finally:
        server.stop()
    db = service.open_registry(path)
    try:
        with db.session() as s:
            referral = s.get(Referral, world.referral)
            org = s.get(Organisation, world.org)
            assert referral is not None and referral.status is ReferralStatus.MEMBER
            assert org is not None and org.status is FunnelStatus.MEMBER
    finally:
        db.dispose()
