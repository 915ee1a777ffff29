"""The demo counter's settings, written before anything else opens (cheap to import)."""

from __future__ import annotations

from counter_app.core import settings as settings_file
from counter_app.core.domain.calendar import parse_office_hours
from counter_app.core.settings import Settings
from counter_app.paths import AppPaths

DEMO_SETTINGS = Settings.from_values(
    {
        "agency.code": "000.00.00.H99",
        "agency.name": "Trung tâm Phục vụ hành chính công đặc khu Cô Tô (dữ liệu mẫu)",
        "agency.place": "Cô Tô",
        "counter.number": 1,
        "counter.clerk": "Nguyễn Thị Mai",
        "print.lookup_url": "https://dichvucong.example.vn/tra-cuu-ho-so?ma=",
        "office_hours.periods": [
            str(p) for p in parse_office_hours(["07:00-11:30", "13:30-17:00"])
        ],
    }
)


def ensure_demo_settings(paths: AppPaths) -> None:
    if not paths.settings_file.exists():
        settings_file.save(DEMO_SETTINGS, paths.settings_file)
