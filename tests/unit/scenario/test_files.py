"""Saving: load -> save -> load gives the identical scenario; save is atomic and never
overwrites by accident."""
from __future__ import annotations

import os

import pytest

import mtfp
from mtfp.scenario import dumps_scenario, load_scenario, loads_scenario, save_scenario, with_value
from tests.conftest import SCENARIOS

BUNDLED = sorted(SCENARIOS.glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_load_save_load_gives_an_identical_scenario(tmp_path, path):
    first = load_scenario(path)
    saved = save_scenario(first, tmp_path / path.name)
    second = load_scenario(saved)
    assert second == first
    assert second.model_dump() == first.model_dump()
    # and the saved text is stable: saving the reloaded scenario writes the same bytes
    assert dumps_scenario(second) == saved.read_text(encoding="utf-8")


def test_the_csr_files_differ_from_default_only_in_the_cut(default_scenario):
    csr = load_scenario(SCENARIOS / "csr-25.yaml")
    assert csr.funding.spending_review.real_terms_cut.value == 25
    assert csr.workforce == default_scenario.workforce
    assert csr.precept == default_scenario.precept


def test_a_saved_scenario_projects_exactly_as_the_original(tmp_path, default_scenario):
    again = load_scenario(save_scenario(default_scenario, tmp_path / "copy.yaml"))
    assert (mtfp.run(again)["funding_gap"] == mtfp.run(default_scenario)["funding_gap"]).all()


def test_uploaded_text_round_trips(default_scenario):
    assert loads_scenario(dumps_scenario(default_scenario)) == default_scenario


def test_uploaded_text_may_not_extend_another_file():
    with pytest.raises(mtfp.ScenarioError) as caught:
        loads_scenario("extends: default.yaml\nname: X\n", where="upload.yaml")
    assert "upload.yaml: extends: not allowed in an uploaded file" in caught.value.problems[0]


def test_save_refuses_to_overwrite(tmp_path, default_scenario):
    path = tmp_path / "mine.yaml"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already exists"):
        save_scenario(default_scenario, path)
    assert path.read_text(encoding="utf-8") == "keep me"


def test_save_overwrites_when_asked(tmp_path, default_scenario):
    path = tmp_path / "mine.yaml"
    path.write_text("old", encoding="utf-8")
    changed = with_value(default_scenario, "gdp_deflator", 2.5)
    save_scenario(changed, path, overwrite=True)
    assert load_scenario(path).gdp_deflator.value == 2.5


def test_save_leaves_no_temporary_files(tmp_path, default_scenario):
    save_scenario(default_scenario, tmp_path / "a.yaml")
    save_scenario(default_scenario, tmp_path / "a.yaml", overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_a_failure_mid_write_leaves_the_old_file_intact(tmp_path, default_scenario, monkeypatch):
    path = tmp_path / "plan.yaml"
    save_scenario(default_scenario, path)
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        save_scenario(with_value(default_scenario, "gdp_deflator", 3.0), path, overwrite=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_a_failure_before_the_rename_leaves_no_new_file(tmp_path, default_scenario, monkeypatch):
    def refuse(*args):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(os, "link", refuse)
    with pytest.raises(PermissionError):
        save_scenario(default_scenario, tmp_path / "new.yaml")
    assert list(tmp_path.iterdir()) == []


def test_with_value_keeps_the_source_and_validates(default_scenario):
    changed = with_value(default_scenario, "workforce.groups.police_officers.attrition_rate", 6.0)
    assert changed.workforce.groups["police_officers"].attrition_rate.value == 6.0
    assert changed.workforce.groups["police_officers"].attrition_rate.source == "illustrative"
    with pytest.raises(Exception, match="outside the allowed range"):
        with_value(default_scenario, "workforce.groups.police_officers.attrition_rate", 99.0)
