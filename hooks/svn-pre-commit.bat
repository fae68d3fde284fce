@ECHO OFF
REM commit-guard Subversion pre-commit hook for Windows servers.
REM Written by `commit-guard install svn REPOS`; `commit-guard uninstall svn REPOS`
REM removes it and puts back the hook that was here before.
REM commit-guard-hook-version: 1
REM UNTESTED: commit-guard's test suite runs on Linux only.
SETLOCAL
SET "PYTHON=@PYTHON@"
SET "SVN_BIN=@SVN_BIN@"
SET "RUN_KEPT=@RUN_KEPT@"

REM A hook that was here before runs first; its failure stops the commit.
IF "%RUN_KEPT%"=="yes" IF EXIST "%~dp0pre-commit.commit-guard-kept.bat" (
    CALL "%~dp0pre-commit.commit-guard-kept.bat" %*
    IF ERRORLEVEL 1 EXIT /B 1
)

REM Subversion runs hooks with an empty environment.
SET "PATH=%SVN_BIN%;%SystemRoot%\system32"
SET PYTHONUTF8=1
SET PYTHONIOENCODING=utf-8

IF NOT EXIST "%PYTHON%" (
    ECHO commit-guard: interpreter %PYTHON% not found; reinstall the hook 1>&2
    EXIT /B 2
)
REM -c, not -m: -m would put the current directory first on sys.path.
SET "CG=import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; "
SET "CG=%CG%from commit_guard.cli import main; main(sys.argv[1:])"
"%PYTHON%" -c "%CG%" svn-hook %1 %2
EXIT /B %ERRORLEVEL%
