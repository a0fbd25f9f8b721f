"""Compile the matcher's hot modules with mypyc, beside their sources, and the candidate
index's ranking core (`make install`).

    .venv/bin/python tools/compile_matcher.py

Writes ``<module>.*.so`` into src/interlist/matching (and mypyc's shared runtime
into src/), then the digest of the sources they were made from, which importing the
matcher checks (interlist/matching/native.py); and ``_rank_<digest>.so`` from
src/interlist/screening/rank.c (interlist/screening/ranking.py). If compiling fails
(no C compiler), the old builds are gone and the sources run as they are: slower,
the same results.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

SRC = Path(__file__).resolve().parents[1] / "src"
MATCHING = SRC / "interlist" / "matching"


def load_native() -> ModuleType:
    """native.py on its own: importing the package would check the build being replaced."""
    return _load(MATCHING / "native.py", "_native")


def load_ranking() -> ModuleType:
    """ranking.py on its own (it imports numpy only)."""
    return _load(SRC / "interlist" / "screening" / "ranking.py", "_ranking")


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_ranking() -> None:
    ranking = load_ranking()
    try:
        built = ranking.build()
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        print(f"{detail}\nthe ranking core was not built: numpy ranks (same results, slower)",
              file=sys.stderr)  # fmt: skip
        return
    print(f"compiled the ranking core: {built.name}")


def main() -> int:
    build_ranking()
    native = load_native()
    runtime = list(SRC.glob("*__mypyc.*.so"))  # mypyc's shared part, named by the module set
    for old in [*native.built_files(MATCHING), *runtime, MATCHING / native.STAMP]:
        old.unlink(missing_ok=True)
    files = [f"interlist/matching/{name}.py" for name in native.MODULES]
    command = [sys.executable, "-m", "mypyc", "--config-file", "../pyproject.toml", *files]
    done = subprocess.run(command, cwd=SRC, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        print("mypyc failed: the matcher runs uncompiled (same results, slower)", file=sys.stderr)
        return 0
    (MATCHING / native.STAMP).write_text(native.source_digest(MATCHING) + "\n", encoding="utf-8")
    print(f"compiled {len(native.built_files(MATCHING))} matcher modules with mypyc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
