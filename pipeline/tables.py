"""The output tables: frames with the schema of ``pipeline.schema``, merged and written atomically.

Re-ingesting a document replaces its rows (by ``doc_id``, and by ``source`` so that an edited
file does not leave its old rows behind); rows of other documents are kept. Every file is
written to a temporary file in the same folder and renamed over the old one, so a crash never
leaves a torn table: readers see the old tables or the new ones.

Two ways in. ``update_tables`` merges rows held in memory (a few documents, the library).
An ingest run streams instead: each batch's rows go to *part files* as the batch finishes
(``write_part``), and ``merge_parts`` merges the parts into the tables at the end, row group by
row group, so that its memory does not grow with the corpus or with the tables.
"""
from __future__ import annotations

import heapq
import itertools
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import COMMITMENTS, DOCUMENTS

TABLES = {"commitments": COMMITMENTS, "documents": DOCUMENTS}
# temporary files are created private (0600); the tables get the mode of any new file
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


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
        os.chmod(tmp, FILE_MODE)
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


# --- streaming: part files per batch, merged at the end ------------------------------------------

SORT_KEYS = {"commitments": ("source", "char_start", "kind"), "documents": ("source",)}
CHUNK_ROWS = 5000  # rows per Parquet row group / CSV chunk when streaming


def sort_key(name: str):
    """The order of the rows of table ``name`` (missing values last, as ``merge`` sorts them)."""
    columns = SORT_KEYS[name]

    def key(row: dict) -> tuple:
        return tuple(part for c in columns for part in (row.get(c) is None, "" if row.get(c) is None else row[c]))

    return key


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly the columns of ``schema`` (missing ones empty), in order, typed."""
    for n in schema.names:
        if n not in table.column_names:
            table = table.append_column(n, pa.nulls(len(table), schema.field(n).type))
    return table.select(schema.names).cast(schema)


def write_part(path: Path, name: str, rows: list[dict]) -> None:
    """One batch's rows of table ``name``, sorted, as a Parquet file (written atomically)."""
    schema = TABLES[name]
    rows = sorted(({k: r.get(k) for k in schema.names} for r in rows), key=sort_key(name))
    table = pa.Table.from_pylist(rows, schema=schema)
    _atomic(Path(path), lambda tmp: pq.write_table(table, tmp))


def iter_rows(path: Path, name: str, batch_rows: int = CHUNK_ROWS) -> Iterator[dict]:
    """The rows of a Parquet file of table ``name``, as dicts with its columns, a batch at a time."""
    schema = TABLES[name]
    with pq.ParquetFile(path) as parquet:
        for batch in parquet.iter_batches(batch_size=batch_rows):
            yield from _conform(pa.Table.from_batches([batch]), schema).to_pylist()


def count_rows(out_dir: Path, name: str) -> int:
    """Rows in table ``name`` of ``out_dir`` (from the Parquet footer; 0 when there is none)."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        return 0
    with pq.ParquetFile(path) as parquet:
        return parquet.metadata.num_rows


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _write_stream(out_dir: Path, name: str, rows: Iterable[dict]) -> tuple[list[tuple[str, Path]], int]:
    """Write ``rows`` to temporary Parquet and CSV files beside the table; return
    [(temporary file, final path)] and the number of rows. Nothing is replaced yet."""
    schema = TABLES[name]
    staged: list[tuple[str, Path]] = []
    n = 0
    try:
        for suffix in ("parquet", "csv"):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.{suffix}.", suffix=".tmp", dir=out_dir)
            os.close(fd)
            staged.append((tmp, out_dir / f"{name}.{suffix}"))
            os.chmod(tmp, FILE_MODE)
        (tmp_parquet, _), (tmp_csv, _) = staged
        with pq.ParquetWriter(tmp_parquet, schema) as parquet, \
                open(tmp_csv, "w", encoding="utf-8", newline="") as csv:
            pd.DataFrame(columns=schema.names).to_csv(csv, index=False)
            for chunk in _chunks(rows, CHUNK_ROWS):
                table = pa.Table.from_pylist(chunk, schema=schema)
                parquet.write_table(table)
                cells = [{k: _csv_cell(r[k]) for k in schema.names} for r in chunk]
                pd.DataFrame(cells, columns=schema.names).to_csv(csv, index=False, header=False)
                n += len(chunk)
        for tmp, _ in staged:
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
    except BaseException:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    return staged, n


def merge_parts(out_dir: Path, parts: dict[str, list[Path]]) -> dict[str, int]:
    """Merge part files (``write_part``) into the tables of ``out_dir``; return rows per table.

    Old rows of the documents in the parts (by ``doc_id`` or ``source``) are replaced, rows of
    other documents kept. The old table and the parts are read a row group at a time and merged
    in table order (the old table is sorted, each part is sorted, and the parts follow each
    other in source order); the four files are written to temporary files first and only then
    renamed over the old ones, one after the other.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    replaced_ids: set[str] = set()
    replaced_sources: set[str] = set()
    for path in parts.get("documents", []):
        keys = pq.read_table(path, columns=["doc_id", "source"])
        replaced_ids.update(v for v in keys.column("doc_id").to_pylist() if v)
        replaced_sources.update(v for v in keys.column("source").to_pylist() if v)

    staged: list[tuple[str, Path]] = []
    counts: dict[str, int] = {}
    try:
        for name in ("commitments", "documents"):
            old_path = out_dir / f"{name}.parquet"
            old = iter_rows(old_path, name) if old_path.exists() else iter(())
            kept = (r for r in old if r["doc_id"] not in replaced_ids and r["source"] not in replaced_sources)
            new = itertools.chain.from_iterable(iter_rows(p, name) for p in parts.get(name, []))
            files, counts[name] = _write_stream(out_dir, name, heapq.merge(kept, new, key=sort_key(name)))
            staged.extend(files)
    except BaseException:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    _fsync_dir(out_dir)
    return counts


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
