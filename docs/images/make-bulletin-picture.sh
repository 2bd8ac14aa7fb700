#!/bin/sh
# Redraw docs/images/bulletin-page1.png and bulletin-last-page.png: the first page (版头, title)
# and the last page (版记) of the half-year bulletin of the demo ledger, converted by LibreOffice
# with the font map beside this script.
# Needs: libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk, fonts-arphic-ukai, fonts-arphic-uming.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$repo/.venv/bin/reformctl" report bulletin --period 2026H1 -l "$repo/ledgers/demo" \
    --number 9 -f docx -o "$work/bulletin.docx"
FONTCONFIG_FILE="$here/fonts-gbt9704.conf" soffice --headless -env:UserInstallation="file://$work/profile" \
    --convert-to pdf --outdir "$work" "$work/bulletin.docx" >/dev/null
pdftoppm -f 1 -l 1 -r 80 -png -singlefile "$work/bulletin.pdf" "$here/bulletin-page1"
last=$(pdfinfo "$work/bulletin.pdf" | sed -n 's/^Pages: *//p')
pdftoppm -f "$last" -l "$last" -r 80 -png -singlefile "$work/bulletin.pdf" "$here/bulletin-last-page"
echo "wrote $here/bulletin-page1.png and $here/bulletin-last-page.png"
