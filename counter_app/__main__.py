import gc
import sys

# The window collects garbage itself, on the GUI thread (ui/gc_guard.py). Until it
# takes over, the start-up imports would trigger collections that find nothing
# (~8 ms before the first paint); cli.main turns collection back on for commands.
gc.disable()

from counter_app.cli import main  # noqa: E402

sys.exit(main())
