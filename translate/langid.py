"""The former home of :mod:`translate.checks.language` (language
identification for ``translate check``).

``translate.langid`` stays importable: it is that module itself, not a copy,
so that its tables, its profiles read once per process and any attribute set
on it are one and the same.
"""

import sys

from .checks import language as _language

sys.modules[__name__] = _language
