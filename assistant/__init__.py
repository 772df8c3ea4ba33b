"""Session Assistant: grounded answers about webinar sessions, in the asker's language."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("session-assistant")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
