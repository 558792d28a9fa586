#!/usr/bin/env bash
# Renders the example sheets shown in the README: an A4 poster (with its picture), an A3 poster and an A4 weekly
# sheet (docs/poster-a4.png, docs/poster-a3.png, docs/weekly-sheet.png).
# Needs WeasyPrint (pip install -e '.[print]'), the fonts .ci/install installs, and
# poppler-utils (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=1795579200  # 2026-11-25, the sample site's build date in the tests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bulletin print xingfuli-swap-shop -o "$work/poster-a4.pdf"
bulletin print pingcheng-lei-feng-roundup --paper A3 -o "$work/poster-a3.pdf"
bulletin print pingcheng --week 2026-W11 -o "$work/week.pdf"
# The same width in pixels for each (A3 is √2 times A4): side by side in the README.
pdftoppm -scale-to-x 560 -scale-to-y -1 -png -singlefile "$work/poster-a4.pdf" docs/poster-a4
pdftoppm -scale-to-x 560 -scale-to-y -1 -png -singlefile "$work/poster-a3.pdf" docs/poster-a3
pdftoppm -scale-to-x 560 -scale-to-y -1 -png -singlefile "$work/week.pdf" docs/weekly-sheet
echo "wrote docs/poster-a4.png docs/poster-a3.png docs/weekly-sheet.png"
