"""`reformctl site`: the ledger as static web pages (placeholder until the site lands)."""
