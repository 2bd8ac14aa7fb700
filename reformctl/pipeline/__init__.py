"""Loading with checking: the load stages (reformctl.load) followed by the checks (reformctl.checks).

load/ reads, parses and builds a ledger and knows nothing of the rules; this package sits above
both and runs them together: `load_ledger` (the whole ledger at once, returning (ledger, problems))
and `check_ledger` (file by file, with each file's findings kept in the cache, for `reformctl check`).
"""
