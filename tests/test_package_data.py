"""The templates and the demo are package data: found through importlib.resources in an installed
wheel (reformctl/_data/), and in their source folders in a checkout (an editable install)."""

from __future__ import annotations

from pathlib import Path

from reformctl.load import find

CHECKOUT = Path(__file__).resolve().parent.parent


def test_a_checkout_reads_the_source_folders():
    assert find.package_data("templates") == CHECKOUT / "templates"
    assert find.package_data("demo") == CHECKOUT / "ledgers" / "demo"
    assert (find.demo_ledger() / "reformctl.yaml").is_file()


def test_an_installed_wheel_reads_its_data_through_importlib_resources(tmp_path, monkeypatch):
    installed = tmp_path / "site-packages" / "reformctl"
    for name in ("templates", "demo"):
        (installed / "_data" / name).mkdir(parents=True)
    asked = []

    def files(package: str) -> Path:
        asked.append(package)
        return installed

    monkeypatch.setattr(find.resources, "files", files)
    assert find.package_data("templates") == (installed / "_data" / "templates").resolve()
    assert find.demo_ledger() == (installed / "_data" / "demo").resolve()
    assert asked == ["reformctl", "reformctl"]
