"""Real phpunit (Debian's 9.6) on a small PHP project: failures placed at
their test's file and line with an id phpunit's --filter takes, and
select = "affected" for PHP."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.helpers import cli, git, init_repo, write
from tests.suite_helpers import config

PHPUNIT_XML = """<?xml version="1.0" encoding="UTF-8"?>
<phpunit bootstrap="src/autoload.php" colors="false">
  <testsuites><testsuite name="unit"><directory>tests</directory></testsuite></testsuites>
</phpunit>
"""
AUTOLOAD = """<?php
spl_autoload_register(function ($class) {
    $file = __DIR__ . '/' . str_replace('App\\\\', '', $class) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
"""
CALC = """<?php
namespace App;

class Calc
{
    public function add($a, $b)
    {
        return $a + $b;
    }
}
"""
GREETER = """<?php
namespace App;

class Greeter
{
    public function hello($name)
    {
        return "Hello $name";
    }
}
"""
CALC_TEST = """<?php
namespace App\\Tests;

use App\\Calc;
use PHPUnit\\Framework\\TestCase;

class CalcTest extends TestCase
{
    public function testAdd(): void
    {
        $this->assertSame(3, (new Calc())->add(1, 2));
    }
}
"""
GREETER_TEST = """<?php
namespace App\\Tests;

use PHPUnit\\Framework\\TestCase;

class GreeterTest extends TestCase
{
    public function testHello(): void
    {
        $this->assertSame('Hello Ann', (new \\App\\Greeter())->hello('Ann'));
    }
}
"""


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    require_tool("phpunit")
    repo = init_repo(tmp_path / "repo")
    write(repo, "phpunit.xml", PHPUNIT_XML)
    write(repo, "src/autoload.php", AUTOLOAD)
    write(repo, "src/Calc.php", CALC)
    write(repo, "src/Greeter.php", GREETER)
    write(repo, "tests/CalcTest.php", CALC_TEST)
    write(repo, "tests/GreeterTest.php", GREETER_TEST)
    return repo


def commit_base(repo: Path, **suite: object) -> None:
    write(repo, "commit-guard.toml", config({
        "name": "php", "command": ["phpunit", "--log-junit", "{junit}"],
        "triggers": ["*.php"], **suite}).replace("[tool.commit-guard]\n", "")
          .replace("[[tool.commit-guard.tests]]", "[[tests]]"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "base")


def test_failure_is_placed_at_the_test_method(repo: Path) -> None:
    commit_base(repo)
    write(repo, "src/Calc.php", CALC.replace("$a + $b", "$a - $b"))
    git(repo, "add", "src/Calc.php")
    res = cli(repo, "check", "--only", "tests")
    assert res.returncode == 1, res.stdout + res.stderr
    assert ("tests/CalcTest.php:11: error CG401 (test-suite-failed) suite 'php': "
            "App\\Tests\\CalcTest::testAdd failed: Failed asserting that -1 is identical "
            "to 3.") in res.stdout
    # The id is phpunit's own: --filter with it runs exactly that test.
    run = subprocess.run(["phpunit", "--filter", "App\\\\Tests\\\\CalcTest::testAdd"],
                         cwd=repo, capture_output=True, text=True, check=False)
    assert "Tests: 1," in run.stdout


def test_affected_runs_only_the_tests_that_use_the_changed_class(repo: Path) -> None:
    commit_base(repo, select="affected")
    write(repo, "src/Greeter.php", GREETER.replace("Hello", "Hi"))
    git(repo, "add", "src/Greeter.php")
    res = cli(repo, "check", "--only", "tests", "-v", "--format", "json")
    assert res.returncode == 1
    import json  # pylint: disable=import-outside-toplevel
    suite = json.loads(res.stdout)["suites"][0]
    assert suite["selected"] == ["tests/GreeterTest.php"]
    assert suite["tests"] == 1
    assert suite["failed_tests"] == ["App\\Tests\\GreeterTest::testHello"]


def test_affected_falls_back_to_the_whole_suite_when_unsure(repo: Path) -> None:
    commit_base(repo, select="affected")
    write(repo, "src/autoload.php", AUTOLOAD + "\n")
    git(repo, "add", "src/autoload.php")
    res = cli(repo, "check", "--only", "tests", "--format", "json")
    import json  # pylint: disable=import-outside-toplevel
    suite = json.loads(res.stdout)["suites"][0]
    assert suite["tests"] == 2, suite
    assert "whole suite" in suite["reason"]
