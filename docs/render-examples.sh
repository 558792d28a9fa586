#!/usr/bin/env bash
# Renders the example sheets shown in the README: docs/poster-a4.png and docs/weekly-sheet.png.
# Needs WeasyPrint (pip install -e '.[print]') and poppler-utils (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=1795579200  # 2026-11-25, the sample site's build date in the tests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bulletin print xingfuli-swap-shop -o "$work/poster.pdf"
bulletin print pingcheng --week 2026-W11 -o "$work/week.pdf"
pdftoppm -r 70 -png -singlefile "$work/poster.pdf" docs/poster-a4
pdftoppm -r 70 -png -singlefile "$work/week.pdf" docs/weekly-sheet
echo "wrote docs/poster-a4.png docs/weekly-sheet.png"
