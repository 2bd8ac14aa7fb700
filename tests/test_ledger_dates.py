"""A ledger date is read the one way, whichever path validates it: YYYY-MM-DD text inside
pydantic-core, anything else through reformctl.model's own reading, which names the fault."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reformctl.load.build import validate_record, validate_records
from reformctl.model import Milestone, SourceRef

READ = [
    ("2026-02-01", date(2026, 2, 1)),
    (" 2026-02-01 ", date(2026, 2, 1)),  # spaces around it, as the reading always allowed
    ("２０２６-０２-０１", date(2026, 2, 1)),  # full-width digits, as the reading always allowed
    (date(2026, 1, 1), date(2026, 1, 1)),  # a day given through the library
    (datetime(2026, 1, 1), date(2026, 1, 1)),
]
REFUSED = [
    ("2026-02-30", "R105"), ("2026-13-01", "R105"), ("0000-01-01", "R105"),
    ("2026-2-1", "R104"), ("20260201", "R104"), ("2026/6/30", "R104"), ("2026-02-01T00:00:00", "R104"),
    (20260201, "R104"), (1700006400, "R104"), (True, "R104"), (None, "R104"), (b"2026-02-01", "R104"),
    (datetime(2026, 1, 1, 5), "R104"),  # a time of day is no day
]


@pytest.mark.parametrize("written, day", READ, ids=[repr(w) for w, _ in READ])
def test_a_day_is_read_alike_alone_and_in_a_whole_file(written, day):
    record, problems = validate_record(Milestone, {"id": "m1", "due": written, "what": "w"}, SourceRef("t.yaml"))
    assert problems == [] and record.due == day and type(record.due) is date
    [whole] = validate_records(Milestone, [{"id": "m1", "due": written, "what": "w"}], "t.yaml")
    assert whole.due == day


@pytest.mark.parametrize("written, code", REFUSED, ids=[repr(w) for w, _ in REFUSED])
def test_what_is_not_a_day_is_refused_with_its_fault(written, code):
    record, problems = validate_record(Milestone, {"id": "m1", "due": written, "what": "w"}, SourceRef("t.yaml"))
    assert record is None and [(p.code, p.keypath, p.params["value"]) for p in problems] == [(code, ("due",), written)]
    assert validate_records(Milestone, [{"id": "m1", "due": written, "what": "w"}], "t.yaml") is None
