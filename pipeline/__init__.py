"""Extract diplomatic commitments from news and joint statements.

Public API (see ../shared/spec/table.md)::

    from pipeline import extract, parse_amounts, parse_deadline
"""
# The subpackage pipeline.extract is imported first: importing it later would rebind the
# attribute ``pipeline.extract`` from the function below to the subpackage.
import pipeline.extract  # noqa: F401,E402
from pipeline.normalise.dates import Deadline, parse_deadline
from pipeline.normalise.money import Amount, parse_amounts

__all__ = ["extract", "parse_amounts", "parse_deadline", "Amount", "Deadline"]


def extract(text, *, doc_date=None, source=None, title=None, nlp=None):
    """The commitments table (columns of ``pipeline.schema.COMMITMENTS``) for one text, without
    Prefect. ``doc_date`` anchors relative deadlines; ``title`` helps find the parties; ``nlp``
    is a pipeline from ``pipeline.nlp.load_nlp`` (default: the configured model).

    >>> extract("Both sides agreed to open two border markets by 2026.", doc_date="2025-08-20")
    """
    from pipeline.api import extract as _extract

    return _extract(text, doc_date=doc_date, source=source, title=title, nlp=nlp)
