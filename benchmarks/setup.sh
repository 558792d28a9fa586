#!/usr/bin/env bash
# Install what benchmarks/compare.py and benchmarks/plot.py need; safe to run again.
#
#   bash benchmarks/setup.sh
#
# - Hugo from Debian (apt-get; bookworm ships 0.111).
# - Pelican 4.12 and Markdown from PyPI into their own venv, benchmarks/.venv (or $BENCH_VENV),
#   so that Pelican's dependencies never touch Bulletin's environment.
# - psutil (compare.py samples memory with it) and matplotlib (plot.py) into the Python that
#   runs the benchmark ($PYTHON, default python3): the one Bulletin's dependencies are in.
# None of these is a test dependency of Bulletin.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${BENCH_VENV:-$here/.venv}"
python="${PYTHON:-python3}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

if ! command -v hugo >/dev/null 2>&1; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq hugo
fi

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pelican, markdown' >/dev/null 2>&1 \
    || [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pelican")[:4])')" != "4.12" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pelican[markdown]==4.12.*"
fi

if ! "$python" -c 'import psutil, matplotlib' >/dev/null 2>&1; then
    "$python" -m pip install --quiet --disable-pip-version-check psutil matplotlib
fi

echo "hugo:     $(command -v hugo) ($(hugo version | cut -d' ' -f1-2))"
echo "pelican:  $venv/bin/pelican ($("$venv/bin/pelican" --version))"
echo "python:   $(command -v "$python") with psutil $("$python" -c 'import psutil; print(psutil.__version__)'), matplotlib $("$python" -c 'import matplotlib; print(matplotlib.__version__)')"
