"""The two output tables, defined once (see ../shared/spec/table.md).

Both writers (CSV, Parquet), the report and the tests refer to these column lists rather
than to string literals scattered around. Types are the Parquet (pyarrow) types; in CSV,
list and struct columns are JSON strings, booleans are ``true``/``false``.
"""
from __future__ import annotations

import pyarrow as pa

QUANTITY = pa.struct([("text", pa.string()), ("value", pa.float64()), ("unit", pa.string())])

COMMITMENTS = pa.schema([
    ("commitment_id", pa.string()),
    ("doc_id", pa.string()),
    ("source", pa.string()),
    ("doc_date", pa.date32()),
    ("sentence", pa.string()),
    ("char_start", pa.int64()),
    ("char_end", pa.int64()),
    ("page", pa.int64()),
    ("kind", pa.string()),
    ("certainty", pa.string()),
    ("actors", pa.list_(pa.string())),
    ("action", pa.string()),
    ("object", pa.string()),
    ("amount_value", pa.float64()),
    ("amount_unit", pa.string()),
    ("amount_text", pa.string()),
    ("baseline_value", pa.float64()),
    ("target_value", pa.float64()),
    ("quantities", pa.list_(QUANTITY)),
    ("places", pa.list_(pa.string())),
    ("countries", pa.list_(pa.string())),
    ("deadline_text", pa.string()),
    ("deadline", pa.date32()),
    ("deadline_granularity", pa.string()),
    ("timeline_free", pa.bool_()),
    ("vague", pa.bool_()),
    ("flag_reasons", pa.list_(pa.string())),
    ("confidence", pa.float64()),
    # additions beyond the contract (allowed at the end)
    ("rule", pa.string()),
    ("amount_note", pa.string()),
])

DOCUMENTS = pa.schema([
    ("doc_id", pa.string()),
    ("source", pa.string()),
    ("title", pa.string()),
    ("url", pa.string()),
    ("doc_date", pa.date32()),
    ("kind", pa.string()),
    ("pages", pa.int64()),
    ("chars", pa.int64()),
    ("n_commitments", pa.int64()),
    ("status", pa.string()),
    ("ingested_at", pa.timestamp("us", tz="UTC")),
    # additions beyond the contract
    ("content_hash", pa.string()),
])

COMMITMENT_COLUMNS = COMMITMENTS.names
DOCUMENT_COLUMNS = DOCUMENTS.names
