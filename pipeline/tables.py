"""The output tables: frames with the schema of ``pipeline.schema``, merged and written atomically.

Re-ingesting a document replaces its rows (by ``doc_id``, and by ``source`` so that an edited
file does not leave its old rows behind); rows of other documents are kept. Every file is
written to a temporary file in the same folder and renamed over the old one, so a crash never
leaves a torn table: readers see the old tables or the new ones.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import COMMITMENTS, DOCUMENTS

TABLES = {"commitments": COMMITMENTS, "documents": DOCUMENTS}


def _frame(rows: list[dict], schema: pa.Schema) -> pd.DataFrame:
    table = pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in rows], schema=schema)
    return _to_pandas(table)


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Typed columns; list columns hold plain Python lists (not numpy arrays)."""
    df = table.to_pandas(types_mapper=_types_mapper, date_as_object=True)
    for f in table.schema:
        if pa.types.is_list(f.type):
            df[f.name] = table.column(f.name).to_pylist()
    return df


def _types_mapper(t: pa.DataType):
    if pa.types.is_boolean(t):
        return pd.BooleanDtype()
    if pa.types.is_int64(t):
        return pd.Int64Dtype()
    if pa.types.is_float64(t):
        return pd.Float64Dtype()
    if pa.types.is_string(t):
        return pd.StringDtype()
    return None


def commitments_frame(rows: list[dict]) -> pd.DataFrame:
    """A DataFrame with exactly the commitments columns, in order, typed."""
    return _frame(rows, COMMITMENTS)


def documents_frame(rows: list[dict]) -> pd.DataFrame:
    return _frame(rows, DOCUMENTS)


def _to_arrow(df: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    records = df.reindex(columns=schema.names).astype(object).where(df.notna(), None).to_dict("records") \
        if len(df) else []
    clean = [{k: _plain(v) for k, v in r.items()} for r in records]
    return pa.Table.from_pylist(clean, schema=schema)


def _plain(v):
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):
        return v.tolist()
    return v


def _csv_cell(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, dict, tuple)):
        return json.dumps(v, ensure_ascii=False, default=str)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return repr(v)
    return v


def _atomic(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """The table ``name`` of ``out_dir`` (from its Parquet file), or an empty one."""
    path = Path(out_dir) / f"{name}.parquet"
    schema = TABLES[name]
    if not path.exists():
        return _frame([], schema)
    table = pq.read_table(path)
    missing = [n for n in schema.names if n not in table.column_names]
    for n in missing:
        table = table.append_column(n, pa.nulls(len(table), schema.field(n).type))
    table = table.select(schema.names).cast(schema)
    return _to_pandas(table)


def write_table(out_dir: Path, name: str, df: pd.DataFrame) -> None:
    """Write ``name``.parquet and ``name``.csv (same rows) atomically."""
    schema = TABLES[name]
    table = _to_arrow(df, schema)
    out_dir = Path(out_dir)
    _atomic(out_dir / f"{name}.parquet", lambda tmp: pq.write_table(table, tmp))
    rows = table.to_pylist()
    csv = pd.DataFrame([{k: _csv_cell(r[k]) for k in schema.names} for r in rows], columns=schema.names)
    _atomic(out_dir / f"{name}.csv", lambda tmp: csv.to_csv(tmp, index=False, encoding="utf-8"))


def merge(old: pd.DataFrame, new: pd.DataFrame, replaced_ids: set[str], replaced_sources: set[str],
          sort: list[str]) -> pd.DataFrame:
    """Old rows of other documents, plus the new rows, sorted."""
    keep = old[~(old["doc_id"].isin(replaced_ids) | old["source"].isin(replaced_sources))] if len(old) else old
    parts = [p for p in (keep, new) if len(p)]
    if not parts:
        return new.iloc[0:0]
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    return out.sort_values(sort, kind="stable", na_position="last").reset_index(drop=True)


def update_tables(out_dir: Path, commitment_rows: list[dict], document_rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge new rows into the tables of ``out_dir`` and write both tables atomically."""
    out_dir = Path(out_dir)
    ids = {r["doc_id"] for r in document_rows if r.get("doc_id")}
    sources = {r["source"] for r in document_rows if r.get("source")}
    commitments = merge(read_table(out_dir, "commitments"), commitments_frame(commitment_rows), ids, sources,
                        ["source", "char_start", "kind"])
    documents = merge(read_table(out_dir, "documents"), documents_frame(document_rows), ids, sources, ["source"])
    write_table(out_dir, "commitments", commitments)
    write_table(out_dir, "documents", documents)
    return commitments, documents
