"""Who acts in the window.

Interim, until the window asks for sign-in (issue 13 §5): the window acts as the
person named in the settings (``counter.clerk``; the sync console's discard asks for
the supervisor's name) with a supervisor's rights, as it did before roles existed.
The core checks every guarded action against this ``Actor``; once sign-in comes,
the signed-in person replaces this one and the same checks apply.
"""

from __future__ import annotations

from counter_app.core.domain.roles import Actor, Role


def on_duty(name: str) -> Actor:
    return Actor(login="", name=name, role=Role.SUPERVISOR)
