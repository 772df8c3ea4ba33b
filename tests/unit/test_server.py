"""ui.server's process setup."""

import platform
import sys

import pytest

from ui.server import limit_malloc_arenas


@pytest.mark.skipif(sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_the_server_caps_glibc_malloc_arenas():
    assert limit_malloc_arenas(2) is True
