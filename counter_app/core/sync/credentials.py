"""The device's enrolment with a provincial server: URL, token, optional CA bundle.

Kept in its own file, readable by the user only, outside the dossier database.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from counter_app.core.errors import NotEnrolled, SyncError
from counter_app.core.files import write_atomically


@dataclass(frozen=True)
class Credentials:
    server_url: str
    token: str
    agency: str
    counter: int
    device: int
    ca_bundle: str | None = None  # a provincial CA's certificates (PEM); None: the system's

    @property
    def verify(self) -> str | bool:
        return self.ca_bundle or True


def load(path: Path) -> Credentials:
    if not path.exists():
        raise NotEnrolled(
            "Quầy chưa đăng ký với máy chủ tỉnh. Hãy đăng ký trong Cài đặt hoặc chạy "
            "counter-app enroll --server ĐỊA_CHỈ --code MÃ_ĐĂNG_KÝ."
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(**raw)
    except (OSError, ValueError, TypeError) as error:
        raise SyncError(
            f"Tệp đăng ký {path} bị hỏng ({error}). Hãy đăng ký lại với mã mới từ Sở."
        ) from error


def save(credentials: Credentials, path: Path) -> None:
    """Owner-only permissions (0600) from the first byte."""
    data = json.dumps(asdict(credentials), ensure_ascii=False, indent=2).encode()
    write_atomically(path, data, private=True)
