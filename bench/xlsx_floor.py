"""What the xlsx writers alone cost for the cells of `export xlsx`: `xlsx_floor.py LEDGER [--sample F]`.

`export xlsx` must write one cell per column of every milestone row, on 总表 and again on each
list's sheet: about 2.3 million cells for the 20,000-task bench ledger. This script builds those
same rows with reformctl (not timed), then times only the writers putting the cells into a
workbook in memory, each with the one format its column has and nothing else (no row heights,
no column widths, no check of formula-like text):

- XlsxWriter in constant-memory mode, what `export xlsx` uses, for every cell;
- openpyxl in write-only mode, for a sample of the rows (`--sample`, a tenth by default: the
  whole would take minutes), its time scaled up to every cell.

It prints one JSON object: the cells, and the seconds each writer takes for them. That time is
the floor under `export xlsx` with that writer, whatever reformctl does around it.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from datetime import date
from pathlib import Path


def sheet_rows(root: Path) -> list[list[tuple]]:
    """The rows of each ledger sheet `export xlsx` writes (总表 first), 序号 included."""
    from reformctl.ops.status import compute_status
    from reformctl.pipeline.ledger import load_ledger
    from reformctl.render.xlsx_ledger import task_rows
    from reformctl.timeline import ledger_on

    ledger, _ = load_ledger(root, run_checks=False)
    as_of = ledger.config.as_of or date(ledger.config.year, 12, 31)
    ledger = ledger_on(ledger, as_of)
    lights = compute_status(ledger, as_of).lights
    made = [(task, task_rows(ledger, task, as_of, lights.get(task.id))) for task in ledger.tasks]
    sheets = [None] + [item.id for item in ledger.config.lists]
    books = []
    for list_id in sheets:
        chosen = [rows for task, rows in made if list_id is None or list_id in task.lists]
        books.append([(number,) + row for number, rows in enumerate(chosen, 1) for row in rows])
    return [rows for rows in books if rows]


def with_xlsxwriter(sheets: list[list[tuple]]) -> float:
    import xlsxwriter

    start = time.perf_counter()
    book = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True, "in_memory": False})
    text = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    day = book.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
    for index, rows in enumerate(sheets):
        sheet = book.add_worksheet(f"s{index}")
        for row_number, row in enumerate(rows):
            for col, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(row_number, col, value, day)
                elif isinstance(value, int):
                    sheet.write_number(row_number, col, value, text)
                elif value:
                    sheet.write_string(row_number, col, value, text)
                else:
                    sheet.write_blank(row_number, col, None, text)
    book.close()
    return time.perf_counter() - start


def with_openpyxl(sheets: list[list[tuple]], sample: float) -> float:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Side

    side = Side(style="thin")
    border, wrap = Border(left=side, right=side, top=side, bottom=side), Alignment(wrap_text=True, vertical="top")
    start = time.perf_counter()
    book = Workbook(write_only=True)
    for index, rows in enumerate(sheets):
        sheet = book.create_sheet(f"s{index}")
        for row in rows[:max(1, int(len(rows) * sample))]:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value if value != "" else None)
                cell.border, cell.alignment = border, wrap
                cells.append(cell)
            sheet.append(cells)
    book.save(io.BytesIO())
    return (time.perf_counter() - start) / sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--sample", type=float, default=0.1, help="the share of rows openpyxl writes (scaled up)")
    args = parser.parse_args()
    sheets = sheet_rows(args.ledger)
    cells = sum(len(row) for rows in sheets for row in rows)
    print(json.dumps({"cells": cells, "xlsxwriter": round(with_xlsxwriter(sheets), 3),
                      "openpyxl_write_only": round(with_openpyxl(sheets, args.sample), 3)}))


if __name__ == "__main__":
    main()
