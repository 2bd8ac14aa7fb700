#!/bin/sh
# Remake the spreadsheet examples from the bundled demo ledger (docs/spreadsheets.md):
#   台账-2026-09-18.xlsx   reformctl export xlsx
#   zhujian-2026-09.xlsx   reformctl returns make --period 2026-09 --unit zhujian
# With LibreOffice Calc installed, both are re-saved through it (soffice --headless --convert-to
# xlsx), as an office's copy would be, and that is what is kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
demo="$here/../../ledgers/demo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
reformctl export xlsx -l "$demo" -o "$work/台账-2026-09-18.xlsx"
reformctl returns make -l "$demo" --period 2026-09 --unit zhujian -o "$work"
if command -v soffice >/dev/null 2>&1; then
    mkdir -p "$work/saved"
    if soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to xlsx --outdir "$work/saved" \
            "$work/台账-2026-09-18.xlsx" "$work/zhujian-2026-09.xlsx" >/dev/null 2>&1 \
            && [ -f "$work/saved/zhujian-2026-09.xlsx" ]; then
        mv "$work/saved/"*.xlsx "$work/"
        echo "re-saved by LibreOffice" >&2
    else
        echo "LibreOffice could not open xlsx here (is libreoffice-calc installed?); kept reformctl's files" >&2
    fi
fi
cp "$work/台账-2026-09-18.xlsx" "$work/zhujian-2026-09.xlsx" "$here/"
