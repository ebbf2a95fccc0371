@echo off
rem Windows twin of ./run: set up .venv on first use (again when pyproject.toml or constraints.txt
rem changes), then run "innovsd ARGS...", or the tests with "run test [PYTEST ARGS...]".
rem Simlin (innovsd[vensim]) has no Windows wheel: check skips unit checking, export has no XMILE.
setlocal
set "here=%~dp0"
set "venv=%here%.venv"
for /f "usebackq" %%h in (`py -3 -c "import hashlib; print(hashlib.sha256(open(r'%here%pyproject.toml','rb').read()+open(r'%here%constraints.txt','rb').read()).hexdigest()[:16])"`) do set "stamp=%venv%\.installed-%%h"
if exist "%stamp%" goto ready
echo Setting up %venv% (first run: a minute or two)... 1>&2
py -3 -m venv "%venv%" || exit /b 1
"%venv%\Scripts\python.exe" -m pip install --quiet --disable-pip-version-check --upgrade pip || exit /b 1
"%venv%\Scripts\python.exe" -m pip install --quiet --disable-pip-version-check -c "%here%constraints.txt" -e "%here%[dev]" || exit /b 1
del /q "%venv%\.installed-*" 2>nul
type nul > "%stamp%"
:ready
if /i not "%~1"=="test" goto command
cd /d "%here%"
"%venv%\Scripts\python.exe" -m pytest %2 %3 %4 %5 %6 %7 %8 %9
exit /b %errorlevel%
:command
rem The repository's own outputs\ folder, wherever run.cmd is called from.
if not defined INNOVSD_OUTPUTS set "INNOVSD_OUTPUTS=%here%outputs"
"%venv%\Scripts\innovsd.exe" %*
exit /b %errorlevel%
