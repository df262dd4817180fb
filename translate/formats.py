"""The former home of :mod:`translate.checks.formats` (format strings as GNU
``msgfmt --check`` sees them).

``translate.formats`` stays importable: it is that module itself, not a copy.
"""

import sys

from .checks import formats as _formats

sys.modules[__name__] = _formats
