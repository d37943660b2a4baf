"""The project's error hierarchy.

Raised inside, translated at the edges: the CLI prints ``str(err)`` on one
line and exits non-zero; the web page shows it as ``gr.Error``. Messages are
written for a clerk, not a developer.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class of every error the project raises on purpose."""


class ConfigError(AssistantError):
    """A setting is missing or invalid (message says which and how to fix)."""


class IngestError(AssistantError):
    """A document could not be read or indexed."""


class UnsupportedFormatError(IngestError):
    """The file's real format is not one we can read."""


class StoreError(AssistantError):
    """The index (Chroma or the keyword index) could not be used."""


class BackendError(AssistantError):
    """A model backend (LLM server) failed or refused the request."""


class UnknownBackendError(ConfigError):
    """A backend name in the settings is not registered."""

    def __init__(self, kind: str, name: str, valid: list[str]) -> None:
        super().__init__(f"Unknown {kind} {name!r}; valid names: {', '.join(sorted(valid))}")
