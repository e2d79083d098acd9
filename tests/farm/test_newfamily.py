"""``scripts/newfamily.py`` writes a new family's three skeletons, in a copy of the repository:
they import, register on the farm's side, change no existing farm, and the generated test fails
as designed until the author writes real ones.  Nothing is overwritten."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from farm.country import build_world

ROOT = Path(__file__).resolve().parents[2]
NAME = "zhengwu"
HOSTS = (
    "import json, sys; from farm.country import build_world; w = build_world(2, 40); "
    "print(json.dumps(sorted((h, s.family) for h, s in w.sites.items())))"
)


def run(args: list[str], cwd: Path, copy: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy), str(ROOT)])}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    for package in ("crawler", "farm"):
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "tests" / "crawler").mkdir(parents=True)
    done = run([str(ROOT / "scripts" / "newfamily.py"), NAME, "--root", str(root)], root, root)
    assert done.returncode == 0, done.stderr
    return root


def test_the_three_skeletons_are_written(copy: Path) -> None:
    for path in (f"crawler/families/{NAME}.py", f"farm/families/{NAME}.py", f"tests/crawler/test_family_{NAME}.py"):
        text = (copy / path).read_text(encoding="utf-8")
        assert NAME in text and "$" + "{" not in text, path


def test_nothing_is_overwritten(copy: Path) -> None:
    module = copy / "farm" / "families" / f"{NAME}.py"
    module.write_text(module.read_text(encoding="utf-8") + "# the author's work\n", encoding="utf-8")
    again = run([str(ROOT / "scripts" / "newfamily.py"), NAME, "--root", str(copy)], copy, copy)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert module.read_text(encoding="utf-8").endswith("# the author's work\n")


def test_a_name_that_is_no_module_is_refused(copy: Path) -> None:
    for bad in ("Zheng-wu", "base", "class"):
        done = run([str(ROOT / "scripts" / "newfamily.py"), bad, "--root", str(copy)], copy, copy)
        assert done.returncode == 1, bad
    assert not (copy / "farm" / "families" / "class.py").exists()


def test_the_skeletons_import_and_the_farm_registers_its_family(copy: Path) -> None:
    probe = (
        f"import crawler.families.{NAME} as c, farm.families as f; "
        f"assert c.NAME == f.FAMILIES['{NAME}'].name == '{NAME}'; print(list(f.FAMILIES))"
    )
    done = run(["-c", probe], copy, copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1].endswith(f"'{NAME}']")


def test_both_registries_find_the_scaffolded_family_without_editing_another_file(copy: Path) -> None:
    written = {f"crawler/families/{NAME}.py", f"farm/families/{NAME}.py", f"tests/crawler/test_family_{NAME}.py"}
    for package in ("crawler", "farm"):  # every other file of the copy is the repository's own
        for path in (copy / package).rglob("*.py"):
            rel = path.relative_to(copy).as_posix()
            if rel not in written:
                assert path.read_bytes() == (ROOT / rel).read_bytes(), rel
    probe = (
        f"import crawler.families as c, farm.families as f, crawler.families.{NAME} as mine; "
        f"assert c.FAMILIES['{NAME}'] is mine; "
        "print(list(c.FAMILIES)); print(list(f.FAMILIES))"
    )
    done = run(["-c", probe], copy, copy)
    assert done.returncode == 0, done.stderr
    crawler_order, farm_order = done.stdout.splitlines()[-2:]
    first = ["trs", "cchannel", "hanweb", "guangdong", "anhui", "wanhu", "generic"]
    assert crawler_order == repr([*first, NAME])  # the first seven keep their order: detect breaks ties by it
    assert farm_order == repr([*first, NAME])


def test_a_new_family_of_weight_zero_changes_no_farm(copy: Path) -> None:
    done = run(["-c", HOSTS], copy, copy)
    assert done.returncode == 0, done.stderr
    mine = sorted((h, s.family) for h, s in build_world(2, 40).sites.items())
    assert json.loads(done.stdout) == [list(pair) for pair in mine]


def test_the_generated_test_fails_as_designed(copy: Path) -> None:
    done = run(["-m", "pytest", "-q", "-p", "no:cacheprovider", f"tests/crawler/test_family_{NAME}.py"], copy, copy)
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 passed" in done.stdout, done.stdout
    assert f"write the {NAME} family's tests" in done.stdout
