"""Every run of ``make bench`` keeps its results file, the same commit's later runs of the day too."""

from bench.run import results_path


def test_the_first_run_of_a_commit_takes_the_date_and_commit(tmp_path):
    assert results_path(tmp_path, "2026-12-04-9fb1361") == tmp_path / "2026-12-04-9fb1361.json"


def test_a_later_run_of_the_same_commit_and_day_gets_the_next_number(tmp_path):
    (tmp_path / "2026-12-04-9fb1361.json").write_text("{}")
    (tmp_path / "2026-12-04-9fb1361-2.json").write_text("{}")
    (tmp_path / "2026-12-03-9fb1361.json").write_text("{}")

    assert results_path(tmp_path, "2026-12-04-9fb1361") == tmp_path / "2026-12-04-9fb1361-3.json"
    assert results_path(tmp_path, "2026-12-03-9fb1361") == tmp_path / "2026-12-03-9fb1361-2.json"
