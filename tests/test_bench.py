"""The benchmark's synthetic data: valid against the real schema and checks, and the same on every run."""

from __future__ import annotations

import pytest
from bench.generate import generate_dataset
from bench.harness import measure_preview

from conftest import run_cli


def test_generated_data_passes_every_check_without_a_warning(tmp_path):
    dataset = generate_dataset(12, tmp_path / "data")
    assert dataset.briefs == 12 and dataset.charts == 36
    result = run_cli("check", "--strict", "--data", str(dataset.data_dir))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1].endswith(" 0 warnings, 0 errors")


def test_the_one_figure_edit_keeps_the_data_valid(tmp_path):
    dataset = generate_dataset(12, tmp_path / "data")
    text = dataset.change_file.read_text(encoding="utf-8")
    assert text.count(dataset.change_from) == 1
    dataset.change_file.write_text(
        text.replace(dataset.change_from, dataset.change_to), encoding="utf-8"
    )
    result = run_cli("check", "--strict", "--data", str(dataset.data_dir))
    assert result.returncode == 0, result.stderr


def test_the_same_size_gives_the_same_files(tmp_path):
    def files(folder):
        return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}

    generate_dataset(20, tmp_path / "a")
    generate_dataset(20, tmp_path / "b")
    assert files(tmp_path / "a") == files(tmp_path / "b")


@pytest.mark.slow
def test_the_preview_measure_sees_the_edit_reach_the_served_brief(tmp_path):
    """The bench's `make serve` measure at a small size: the served brief shows the edited figure as the
    dataset says it is printed, then shows the undo; the measure reports seconds, never asserts them."""
    dataset = generate_dataset(12, tmp_path / "data")
    text = dataset.change_file.read_text(encoding="utf-8")
    dataset.change_file.write_text(
        text.replace(dataset.change_from, dataset.change_to), encoding="utf-8"
    )
    measured = measure_preview(dataset, tmp_path, tmp_path / "cache")
    assert measured["preview_first_build_s"] > 0
    assert measured["preview_edit_shown_s"] is not None, "the undone edit never reached the page"
    assert dataset.change_from in dataset.change_file.read_text(encoding="utf-8")
