"""The two transaction readers: Subversion's Python bindings (svnfs) and the
svnlook fallback read the same files, bytes and properties from the same
real transaction, and the fallback is what runs when the bindings are off."""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from commit_guard.sources import svnfs, svnlook, svntree
from commit_guard.sources.svn import SvnSource
from tests.test_svn_support import CLEAN_PY, SvnRepo, make_repo

NAMES = ["plain.py", "with space.txt", "naïve/ümlaut.txt", "empty.txt", "blob.bin",
         "nul.dat", "crlf.txt", "native.txt", "keywords.txt", "run.sh", "link.py",
         "old.py", "moved.py", "copied.py", "replaced.py", "pkg/inner.py", "pkg2/inner.py"]


def require_bindings() -> None:
    """Under CI=true the bindings (python3-subversion) must be there."""
    if not svnfs.available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Subversion's Python bindings are required in CI: "
                        f"{svnfs.why_unavailable()}")
        pytest.skip(f"Subversion's Python bindings: {svnfs.why_unavailable()}")


def first_revision(repo: SvnRepo) -> None:
    for rel, data in {"plain.py": CLEAN_PY, "old.py": CLEAN_PY, "gone.py": CLEAN_PY,
                      "replaced.py": "before\n", "pkg/inner.py": CLEAN_PY,
                      "keywords.txt": "$Id$\n$Revision$\n",
                      "native.txt": "one\ntwo\n"}.items():
        repo.write(rel, data)
    repo.add("plain.py", "old.py", "gone.py", "replaced.py", "pkg", "keywords.txt",
             "native.txt")
    repo.svn("propset", "-q", "svn:keywords", "Id Revision", "keywords.txt")
    repo.svn("propset", "-q", "svn:eol-style", "native", "native.txt")
    assert repo.commit("r1").returncode == 0


def every_kind_of_change(repo: SvnRepo) -> None:
    """The second commit's changes: what both readers must agree on."""
    repo.write("plain.py", CLEAN_PY + "# more\n")
    repo.write("with space.txt", "spaces\n")
    repo.write("naïve/ümlaut.txt", "ü\n")
    repo.write("empty.txt", b"")
    repo.write("blob.bin", b"\0\1\2\xff")
    repo.write("nul.dat", b"text\0with a NUL\n")
    repo.write("crlf.txt", b"one\r\ntwo\r\n")
    repo.write("run.sh", "#!/bin/sh\necho hi\n")
    os.symlink("/etc/passwd", repo.wc / "link.py")
    repo.add("with space.txt", "naïve", "empty.txt", "blob.bin", "nul.dat", "crlf.txt",
             "run.sh", "link.py")
    repo.svn("propset", "-q", "svn:mime-type", "application/octet-stream", "blob.bin")
    repo.svn("propdel", "-q", "svn:mime-type", "nul.dat")  # binary content, not marked
    repo.svn("propset", "-q", "svn:eol-style", "CRLF", "crlf.txt")
    repo.svn("propset", "-q", "svn:executable", "*", "run.sh")
    repo.svn("propset", "-q", "team:owner", "ünïcode value", "with space.txt")
    repo.write("native.txt", "one\ntwo\nthree\n")
    repo.write("keywords.txt", "$Id$\n$Revision$\nmore\n")
    repo.svn("rm", "-q", "gone.py")
    repo.svn("move", "-q", "old.py", "moved.py")
    repo.svn("copy", "-q", "plain.py", "copied.py")
    repo.svn("copy", "-q", "pkg", "pkg2")
    repo.svn("rm", "-q", "replaced.py")
    repo.write("replaced.py", "after\n")
    repo.add("replaced.py")


def snapshot(source: SvnSource) -> dict[str, Any]:
    """Everything a check takes from ``source``, in a form JSON keeps exactly."""
    def b64(data: bytes | None) -> str | None:
        return None if data is None else base64.b64encode(data).decode()

    files = [[f.path, f.status, f.old_path, f.kind, b64(f.content), f.size, f.blob,
              f.binary_hint, f.too_large] for f in source.files()]
    listed = source.list_files()
    return {"files": files, "listed": listed, "changes": [list(c) for c in source.changes()],
            "read": {p: b64(source.read(p)) for p in [*listed, "absent.py", "pkg"]},
            "read_many": {p: b64(d) for p, d in source.read_many([*listed, "absent"]).items()},
            "old": {p: b64(source.read_old(p)) for p in NAMES},
            "props": {p: source.reads.proplist(source.look, p) for p in listed}}


# Run by the pre-commit hook on the live transaction: both readers, one JSON file.
HOOK_PROGRAM = """import json, sys
from tests.test_svn_readers import both_readers
repos, txn, out = sys.argv[1:]
with open(out, "w", encoding="utf-8") as fh:
    json.dump(both_readers(repos, txn=txn), fh)
"""


def both_readers(repos: str, txn: str | None = None, rev: int | None = None) -> dict[str, Any]:
    return {name: snapshot(SvnSource(Path(repos), txn=txn, rev=rev, reader=name))
            for name in ("fs", "svnlook")}


@pytest.fixture(name="repo")
def repo_fixture(tmp_path: Path) -> SvnRepo:
    require_bindings()
    made = make_repo(tmp_path, install=False)
    first_revision(made)
    return made


def test_both_readers_agree_on_a_live_transaction(repo: SvnRepo, tmp_path: Path) -> None:
    out = tmp_path / "readers.json"
    hook = repo.root / "hooks" / "pre-commit"
    root = Path(__file__).resolve().parent.parent
    hook.write_text(f"#!/bin/sh\ncd {root} && exec {sys.executable} -c '{HOOK_PROGRAM}' "
                    f"\"$1\" \"$2\" {out}\n", encoding="utf-8")
    hook.chmod(0o755)
    every_kind_of_change(repo)
    done = repo.commit("r2")
    assert done.returncode == 0, done.stderr
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["fs"] == got["svnlook"]
    files = {f[0]: f for f in got["fs"]["files"]}
    # The transaction's bytes as stored: no keyword expansion, no EOL change,
    # a link as "link TARGET" (never followed), binary content not read.
    assert base64.b64decode(files["keywords.txt"][4]) == b"$Id$\n$Revision$\nmore\n"
    assert base64.b64decode(files["crlf.txt"][4]) == b"one\r\ntwo\r\n"
    assert files["link.py"][3] == "symlink"
    assert base64.b64decode(got["fs"]["read"]["link.py"]) == b"link /etc/passwd"
    assert files["blob.bin"][4] is None and files["blob.bin"][7] is True
    assert base64.b64decode(files["nul.dat"][4]) == b"text\0with a NUL\n"
    assert base64.b64decode(files["empty.txt"][4]) == b""
    assert files["gone.py"][1] == "D" and files["moved.py"][1:3] == ["R", "old.py"]
    assert base64.b64decode(files["replaced.py"][4]) == b"after\n"
    assert base64.b64decode(files["naïve/ümlaut.txt"][4]) == "ü\n".encode()
    assert got["fs"]["props"]["with space.txt"] == {"team:owner": "ünïcode value"}
    assert got["fs"]["props"]["run.sh"] == {"svn:executable": "*"}
    assert got["fs"]["read"]["absent.py"] is None and got["fs"]["read"]["pkg"] is None


def test_both_readers_agree_on_a_revision(repo: SvnRepo) -> None:
    every_kind_of_change(repo)
    assert repo.commit("r2").returncode == 0
    got = both_readers(str(repo.root), rev=2)
    assert got["fs"] == got["svnlook"]
    assert len(got["fs"]["files"]) == 16  # a copied directory's files are not changes


def test_snapshots_built_with_the_bindings_equal_svnlooks(repo: SvnRepo,
                                                          tmp_path: Path) -> None:
    every_kind_of_change(repo)
    assert repo.commit("r2").returncode == 0
    trees = {}
    for name, reads in (("fs", svnfs.FsReader(repo.root)), ("svnlook", svnlook)):
        cache = svntree.SnapshotCache(repo.root, tmp_path / name, reads)
        cache.get(1)
        trees[name] = cache.get(2)  # r1's snapshot with r2 applied by the reader
    state = {name: sorted((p.relative_to(t).as_posix(), p.is_symlink(),
                           p.read_bytes() if p.is_file() and not p.is_symlink() else b"",
                           os.access(p, os.X_OK) and p.is_file())
                          for p in t.rglob("*")) for name, t in trees.items()}
    assert state["fs"] == state["svnlook"]
    assert ("link.py", False, b"link /etc/passwd", False) in state["fs"]  # contained


def loaded_modules(repo: SvnRepo, reader: str | None) -> list[str]:
    """Read revision 2 in a fresh interpreter; the svn modules it loaded."""
    env = {k: v for k, v in os.environ.items() if k != svnfs.READER_ENV}
    if reader is not None:
        env[svnfs.READER_ENV] = reader
    program = ("import sys\nfrom commit_guard.sources.svn import SvnSource\n"
               f"files = SvnSource({str(repo.root)!r}, rev=2).files()\n"
               "assert any(f.path == 'plain.py' and f.content for f in files)\n"
               "print(sorted(m for m in sys.modules if m.split('.')[0] in ('svn', 'libsvn')))\n"
               "print([p for p in sys.path if 'dist-packages' in p and 'commit' not in p])\n")
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_the_fallback_is_used_when_the_bindings_are_off(repo: SvnRepo) -> None:
    every_kind_of_change(repo)
    assert repo.commit("r2").returncode == 0
    modules, _path = loaded_modules(repo, "svnlook")
    assert modules == "[]"  # never imported: svnlook read every file
    modules, path = loaded_modules(repo, None)
    assert "'svn.fs'" in modules
    # Reached without putting the system's site packages on sys.path.
    before = [p for p in sys.path if "dist-packages" in p and "commit" not in p]
    assert path == repr(before)


def test_a_reader_name_that_does_not_exist_is_one_line(repo: SvnRepo) -> None:
    proc = subprocess.run([sys.executable, "-m", "commit_guard", "svn-hook", str(repo.root),
                           "-r", "1"], capture_output=True, text=True, check=False,
                          env={**os.environ, svnfs.READER_ENV: "bogus"})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].endswith(
        "COMMIT_GUARD_SVN_READER='bogus': expected one of auto, fs, svnlook")
    assert "Traceback" not in proc.stderr


def other_python() -> str | None:
    """A CPython of another minor version, for which no bindings are built."""
    for minor in range(8, 15):
        if minor == sys.version_info.minor:
            continue
        found = shutil.which(f"python3.{minor}")
        if found is None:
            continue
        proc = subprocess.run([found, "-c", "import sys; print(sys.version_info[1])"],
                              capture_output=True, text=True, check=False)
        if proc.returncode == 0 and proc.stdout.strip() == str(minor):
            return found
    return None


def test_another_python_without_bindings_reads_with_svnlook(repo: SvnRepo) -> None:
    # A real absence: the installed bindings are built for another Python,
    # so the extension-suffix check refuses them and svnlook reads.
    python = other_python()
    if python is None:
        pytest.skip("no CPython of another minor version on PATH")
    every_kind_of_change(repo)
    assert repo.commit("r2").returncode == 0
    program = ("import json\nfrom commit_guard.sources import svnfs\n"
               "from commit_guard.sources.svn import SvnSource\n"
               f"src = SvnSource({str(repo.root)!r}, rev=2)\n"
               "print(json.dumps([src.fs is None, svnfs.why_unavailable(), "
               "[[f.path, f.blob, f.kind] for f in src.files()]]))\n")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([python, "-c", program], capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(root)})
    if proc.returncode != 0 and "ModuleNotFoundError" in proc.stderr:
        pytest.skip(f"{python} cannot import the package: {proc.stderr.splitlines()[-1]}")
    assert proc.returncode == 0, proc.stderr
    fell_back, why, files = json.loads(proc.stdout)
    assert fell_back and "no python3-subversion built for Python" in why
    here = SvnSource(repo.root, rev=2, reader="fs")
    assert files == [[f.path, f.blob, f.kind] for f in here.files()]


def test_both_readers_list_replaced_copies_and_root_props_alike(repo: SvnRepo) -> None:
    """`svnlook changed` prints a replacement as its delete and its add, and
    flags property changes on modifications only; the bindings' listing
    (FsReader.changed) says the same."""
    every_kind_of_change(repo)
    assert repo.commit("r2").returncode == 0
    repo.svn("update", "-q")
    repo.svn("rm", "-q", "plain.py")
    repo.svn("copy", "-q", "copied.py", "plain.py")
    repo.svn("rm", "-q", "pkg2")
    repo.svn("copy", "-q", "pkg", "pkg2")
    repo.svn("propset", "-q", "team:x", "y", ".")
    assert repo.commit("r3").returncode == 0
    look = svnlook.Look(repo.root, rev=3)
    listed = svnfs.FsReader(repo.root).changed(look)
    assert listed == svnlook.changed(look)
    assert [c.action for c in listed if c.path == "plain.py"] == ["D", "A"]
    assert listed[0] == svnlook.Change("_", True, "", True)
