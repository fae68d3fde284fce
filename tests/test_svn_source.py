"""SvnSource and the revision snapshots, on real repositories read with svnlook."""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from commit_guard.sources import svnlook
from commit_guard.errors import UserError
from commit_guard.sources import svntree
from commit_guard.sources.changeset import ADDED, COPIED, DELETED, MODIFIED, RENAMED, SYMLINK
from commit_guard.sources.svn import SNAPSHOT_READ_THRESHOLD, SvnSource
from tests.test_svn_support import BAD_PY, CLEAN_PY, SvnRepo, make_repo


def tree_state(root: Path) -> dict[str, object]:
    """Every entry under ``root``: bytes, executable bit, symlink target."""
    out: dict[str, object] = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            if name == svntree.MANIFEST:
                continue
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            if full.is_symlink():
                out[rel] = ("link", os.readlink(full))
            elif full.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = (full.read_bytes(), os.access(full, os.X_OK))
    return out


def exported(repo: SvnRepo, rev: int, dest: Path) -> dict[str, object]:
    dest.mkdir()
    svntree.export(repo.root, "", rev, dest, repo.home / "svnconf")
    return tree_state(dest)


def history(repo: SvnRepo) -> None:
    """r1: a varied tree.  r2: every kind of change."""
    for rel, text in {"a.py": CLEAN_PY, "c.py": CLEAN_PY, "d.py": CLEAN_PY, "f.py": CLEAN_PY,
                      "h.py": CLEAN_PY, "pkg/__init__.py": "", "pkg/mod.py": CLEAN_PY,
                      "crlf.txt": "one\ntwo\n", "run.sh": "#!/bin/sh\necho hi\n"}.items():
        repo.write(rel, text)
    repo.add("a.py", "c.py", "d.py", "f.py", "h.py", "pkg", "crlf.txt", "run.sh")
    repo.svn("propset", "-q", "svn:eol-style", "CRLF", "crlf.txt")
    repo.svn("propset", "-q", "svn:executable", "*", "run.sh")
    assert repo.commit("r1").returncode == 0
    repo.write("a.py", CLEAN_PY + "# more\n")
    repo.write("b.py", BAD_PY)
    repo.write("blob.bin", b"\0\1\2")
    repo.write("newdir/x.py", CLEAN_PY)
    os.symlink("a.py", repo.wc / "link.py")
    repo.add("b.py", "blob.bin", "newdir", "link.py")
    repo.svn("propset", "-q", "svn:mime-type", "application/octet-stream", "blob.bin")
    repo.svn("rm", "-q", "c.py")
    repo.svn("move", "-q", "d.py", "e.py")
    repo.write("e.py", CLEAN_PY + "# moved\n")
    repo.svn("copy", "-q", "f.py", "g.py")
    repo.svn("copy", "-q", "pkg", "pkg2")
    repo.svn("propset", "-q", "owner", "x", "h.py")
    repo.write("crlf.txt", "one\ntwo\nthree\n")
    assert repo.commit("r2").returncode == 0


@pytest.fixture(name="repo")
def repo_fixture(tmp_path: Path) -> SvnRepo:
    made = make_repo(tmp_path, install=False)
    history(made)
    return made


def test_files_of_a_revision(repo: SvnRepo) -> None:
    files = {f.path: f for f in SvnSource(repo.root, rev=2).files()}
    assert files["a.py"].status == MODIFIED
    assert files["a.py"].content == (CLEAN_PY + "# more\n").encode()
    assert files["b.py"].status == ADDED
    assert files["c.py"].status == DELETED and files["c.py"].content is None
    assert files["e.py"].status == RENAMED and files["e.py"].old_path == "d.py"
    assert files["g.py"].status == COPIED and files["g.py"].old_path == "f.py"
    assert files["blob.bin"].binary_hint and files["blob.bin"].content is None
    assert files["link.py"].kind == SYMLINK and not files["link.py"].checkable
    # Repository-normal form: a fixed eol-style is stored (and checked) with its eols.
    assert files["crlf.txt"].content == b"one\r\ntwo\r\nthree\r\n"
    assert "h.py" not in files  # property-only change
    assert "newdir" not in files and "pkg2" not in files  # directories
    assert "pkg2/mod.py" not in files  # a copied directory's unchanged content
    assert files["newdir/x.py"].status == ADDED


def test_read_list_and_read_old(repo: SvnRepo) -> None:
    src = SvnSource(repo.root, rev=2)
    assert src.read("a.py") == (CLEAN_PY + "# more\n").encode()
    assert src.read("c.py") is None and src.read("pkg") is None
    assert src.read_old("a.py") == CLEAN_PY.encode()
    assert src.read_old("b.py") is None
    assert src.list_files("pkg2") == ["pkg2/__init__.py", "pkg2/mod.py"]
    assert "c.py" not in src.list_files() and "e.py" in src.list_files()
    assert src.kind == "svn" and src.trusted is False and src.root == repo.root


def test_read_many_through_the_snapshot_matches_svnlook(repo: SvnRepo) -> None:
    for i in range(SNAPSHOT_READ_THRESHOLD + 5):
        repo.write(f"many/m{i}.py", f"X = {i}\n")
    repo.add("many")
    assert repo.commit("r3").returncode == 0
    repo.write("many/m0.py", "X = 'changed'\n")
    repo.svn("rm", "-q", "many/m1.py")
    assert repo.commit("r4").returncode == 0
    # The snapshot detour is the svnlook reader's; the bindings read directly.
    src = SvnSource(repo.root, rev=4, cache_root=repo.home / "cache", reader="svnlook")
    paths = src.list_files("many") + ["many/m1.py"]
    got = src.read_many(paths)
    assert (repo.home / "cache" / "svn-trees").is_dir()  # the snapshot was used
    assert got == {p: svnlook.cat(src.look, p) for p in paths if p != "many/m1.py"}
    assert got["many/m0.py"] == b"X = 'changed'\n"


def test_incremental_snapshots_equal_full_exports(repo: SvnRepo, tmp_path: Path) -> None:
    cache = svntree.SnapshotCache(repo.root, tmp_path / "cache")
    first = cache.get(1)
    assert tree_state(first) == exported(repo, 1, tmp_path / "e1")
    second = cache.get(2)  # built from r1 by applying r2's changes
    assert tree_state(second) == exported(repo, 2, tmp_path / "e2")
    assert tree_state(second)["crlf.txt"] == (b"one\r\ntwo\r\nthree\r\n", False)
    assert tree_state(second)["run.sh"][1] is True
    # Replacements, directory deletion and a copy from an older revision.
    repo.svn("rm", "-q", "pkg2", "a.py")
    repo.svn("copy", "-q", f"{repo.url}/pkg@1", "pkg2")
    repo.write("a.py", "replaced\n")
    repo.add("a.py")
    repo.svn("copy", "-q", f"{repo.url}/c.py@1", "c_again.py")
    assert repo.commit("r3").returncode == 0
    assert tree_state(cache.get(3)) == exported(repo, 3, tmp_path / "e3")


def test_concurrent_builds_of_one_revision(repo: SvnRepo, tmp_path: Path) -> None:
    results, errors = [], []

    def build():
        try:
            results.append(svntree.SnapshotCache(repo.root, tmp_path / "cache").get(2))
        except Exception as exc:  # pylint: disable=broad-exception-caught
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1
    assert tree_state(results[0]) == exported(repo, 2, tmp_path / "e2")
    leftovers = [p.name for p in results[0].parent.iterdir() if p.name.startswith(".r")]
    assert leftovers == []


def test_prune_keeps_the_newest(repo: SvnRepo, tmp_path: Path) -> None:
    for i in range(3):
        repo.write(f"n{i}.txt", "x\n")
        repo.add(f"n{i}.txt")
        assert repo.commit().returncode == 0
    cache = svntree.SnapshotCache(repo.root, tmp_path / "cache")
    for rev in range(1, 6):
        os.utime(cache.get(rev), (1, 1))  # long unused
    cache.prune()
    assert cache.cached() == [3, 4, 5]


HOOK = """#!/bin/sh
exec {python} -c 'import sys
from pathlib import Path
from commit_guard.sources.svn import SvnSource
SvnSource(Path(sys.argv[1]), txn=sys.argv[2], cache_root=Path(sys.argv[3])).tree(Path(sys.argv[4]))
sys.exit(1)' "$1" "$2" {cache} {dest}
"""


def test_tree_of_a_transaction_is_what_gets_committed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, install=False)
    history(repo)
    dest = tmp_path / "txn-tree"
    hook = repo.root / "hooks" / "pre-commit"
    hook.write_text(HOOK.format(python=sys.executable, cache=tmp_path / "cache", dest=dest),
                    encoding="utf-8")
    hook.chmod(0o755)
    repo.write("a.py", "changed\n")
    repo.write("pkg2/mod.py", "inside a copied dir\n")
    repo.svn("copy", "-q", "pkg", "pkg3")
    repo.svn("rm", "-q", "newdir")
    repo.svn("move", "-q", "crlf.txt", "moved.txt")
    assert repo.commit("txn").returncode != 0  # the test hook refuses, after writing
    hook.unlink()
    assert repo.commit("txn").returncode == 0
    assert tree_state(dest) == exported(repo, 3, tmp_path / "e3")
    # The snapshot the copy came from is untouched by the commit's tree.
    assert tree_state(tmp_path / "cache" / "svn-trees" / svnlook.uuid(repo.root) / "r2") == \
        exported(repo, 2, tmp_path / "e2")


def test_tree_of_a_revision(repo: SvnRepo, tmp_path: Path) -> None:
    src = SvnSource(repo.root, rev=2, cache_root=tmp_path / "cache")
    assert tree_state(src.tree(tmp_path / "t")) == exported(repo, 2, tmp_path / "e2")
    assert not (tmp_path / "t" / svntree.MANIFEST).exists()
    copied = SvnSource(repo.root, rev=2, cache_root=tmp_path / "cache", tree_mode="copy")
    (copied.tree(tmp_path / "c") / "a.py").write_text("rewritten\n", encoding="utf-8")
    assert tree_state(src.tree(tmp_path / "t2")) == exported(repo, 2, tmp_path / "e2b")


def test_a_snapshot_written_through_a_link_is_rebuilt(repo: SvnRepo, tmp_path: Path) -> None:
    src = SvnSource(repo.root, rev=2, cache_root=tmp_path / "cache")
    tree = src.tree(tmp_path / "t")
    target = tree / "pkg" / "mod.py"
    assert not os.access(target, os.W_OK) or os.geteuid() == 0  # read-only unless root
    os.chmod(target, 0o644)
    target.write_text("written through the link\n", encoding="utf-8")  # root can
    snap = src.snapshots.path(2)
    assert not svntree.intact(snap)
    again = SvnSource(repo.root, rev=2, cache_root=tmp_path / "cache").tree(tmp_path / "t2")
    assert tree_state(again) == exported(repo, 2, tmp_path / "e2")
    assert svntree.intact(snap)


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a Subversion repository"):
        SvnSource(tmp_path, rev=1)


def test_changed_parser_handles_odd_names() -> None:
    raw = ("A   dir/ leading space.py\nU   ü/x.py\n_U  props.py\nUU  both.py\n"
           "A + new name.py\n    (from old:r3 name.py:r7)\nD   gone/\n").encode()
    changes = svnlook.parse_changed(raw)
    assert [c.path for c in changes] == ["dir/ leading space.py", "ü/x.py", "props.py",
                                         "both.py", "new name.py", "gone"]
    assert changes[2].action == "_" and changes[2].props
    assert changes[3].action == "U" and changes[3].props
    assert changes[4].copy_from == "old:r3 name.py" and changes[4].copy_rev == 7
    assert changes[5].is_dir and changes[5].action == "D"
