"""cbt-toolkit: cognitive behavioural therapy exercises as Voila dashboards.

The package is layered (see DESIGN.md): core modules (``exercises``, ``scoring``,
``reframing``, ``charts``, ``store``, ``export``, ``config``) import no widgets and do no I/O at
import time; ``toolkit.ui`` builds widgets; ``toolkit.app`` is what the dashboard notebooks call.
"""

__version__ = "0.1.0"
