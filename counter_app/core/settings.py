"""The counter's settings file (TOML), declared once with type, default and help.

The file lives in the user's config directory, or beside the database when a data
directory is given. ``counter-app setup`` writes it; at start-up it is read and
every value is validated, and an invalid file is refused with all its problems.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from counter_app.core.domain.calendar import OfficePeriod, parse_office_hours
from counter_app.core.domain.codes import validate_agency_code, validate_counter_number
from counter_app.core.domain.limits import MAX_CLERK
from counter_app.core.domain.text import checked_text, excerpt, text_problem
from counter_app.core.errors import FieldError, SettingsError
from counter_app.core.files import write_atomically
from counter_app.core.forms.formset import DEFAULT_FORM_SET, FORM_SETS, basis
from counter_app.core.forms.paper import LABELS as PAPER_LABELS
from counter_app.core.forms.paper import Paper

FILE_NAME = "settings.toml"
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Setting:
    key: str  # "section.name"
    label: str  # Vietnamese, for messages
    help: str  # written as a comment above the value
    kind: type
    default: Any = None  # None: required
    check: Callable[[Any], Any] | None = None


def _plain(field: str, label: str, value: str) -> str:
    """``value`` cleaned, once it holds only characters that may be printed and stored."""
    return checked_text(field, label, value)


def _agency_name(value: str) -> str:
    value = _plain("agency_name", "Tên cơ quan", value)
    if not value or len(value) > 200:
        raise FieldError("agency_name", "Tên cơ quan", "phải có từ 1 đến 200 ký tự.")
    return value


def _place(value: str) -> str:
    value = _plain("place", "Địa danh", value)
    if len(value) > 100:
        raise FieldError("place", "Địa danh", "tối đa 100 ký tự.")
    return value


def _clerk(value: str) -> str:
    value = _plain("clerk", "Cán bộ tiếp nhận", value)
    if len(value) > MAX_CLERK:
        raise FieldError("clerk", "Cán bộ tiếp nhận", f"tối đa {MAX_CLERK} ký tự.")
    return value


def _timezone(value: str) -> str:
    try:
        if len(value) > 64 or text_problem(value) is not None:  # no such file name: not a zone
            raise ValueError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise FieldError(
            "timezone",
            "Múi giờ",
            f"«{excerpt(value)}» không phải múi giờ hợp lệ (Asia/Ho_Chi_Minh).",
        ) from error
    return value


def _periods(value: list[str]) -> list[str]:
    return [str(p) for p in parse_office_hours(value)]


def _paper(value: str) -> str:
    if value not in {p.value for p in Paper}:
        choices = ", ".join(f"{p.value} ({PAPER_LABELS[p]})" for p in Paper)
        raise FieldError("paper", "Khổ giấy", f"phải là một trong: {choices}.")
    return value


def _form_set(value: str) -> str:
    if value not in FORM_SETS:
        choices = ", ".join(f"«{name}» ({basis(name)})" for name in FORM_SETS)
        raise FieldError("form_set", "Bộ biểu mẫu", f"phải là một trong: {choices}.")
    return value


MAX_PRINTER_NAME = 200


def _printer(field: str, label: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = _plain(field, label, value)
        if len(value) > MAX_PRINTER_NAME:
            raise FieldError(field, label, f"tối đa {MAX_PRINTER_NAME} ký tự.")
        return value

    return check


def _lookup_url(value: str) -> str:
    value = value.strip()
    if value and not value.startswith(("https://", "http://")):
        raise FieldError(
            "lookup_url", "Địa chỉ tra cứu", "phải bắt đầu bằng https:// (hoặc để trống)."
        )
    return value


BACKUP_KEEP_RANGE = (1, 365)
DEFAULT_BACKUP_KEEP = 14


def _backup_keep(value: int) -> int:
    low, high = BACKUP_KEEP_RANGE
    if not low <= value <= high:
        raise FieldError("backup_keep", "Số bản sao lưu", f"phải từ {low} đến {high}.")
    return value


IDLE_LOCK_RANGE = (1, 240)  # minutes


def _idle_lock(value: int) -> int:
    low, high = IDLE_LOCK_RANGE
    if not low <= value <= high:
        raise FieldError("idle_lock_minutes", "Khóa màn hình", f"phải từ {low} đến {high} phút.")
    return value


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise FieldError("language", "Ngôn ngữ", "phải là «vi» (tiếng Việt) hoặc «en» (English).")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "agency.code",
        "Mã cơ quan",
        "Mã định danh điện tử của cơ quan (dùng trong mã hồ sơ), ví dụ 000.17.22.H56.",
        str,
        check=validate_agency_code,
    ),
    Setting(
        "agency.name",
        "Tên cơ quan",
        "Tên in trên phiếu, ví dụ: Trung tâm Phục vụ hành chính công xã Cô Tô.",
        str,
        check=_agency_name,
    ),
    Setting(
        "agency.place",
        "Địa danh",
        "Địa danh ghi trước ngày tháng trên phiếu, ví dụ: Cô Tô.",
        str,
        default="",
        check=_place,
    ),
    Setting(
        "counter.number",
        "Số quầy",
        "Số của quầy này trong trung tâm (1-9). Mỗi quầy phải có số riêng: "
        "số quầy quyết định dải số hồ sơ của quầy.",
        int,
        check=validate_counter_number,
    ),
    Setting(
        "counter.clerk",
        "Cán bộ tiếp nhận",
        "Họ tên cán bộ đang làm việc tại quầy (in trên phiếu tiếp nhận).",
        str,
        default="",
        check=_clerk,
    ),
    Setting(
        "office_hours.periods",
        "Giờ làm việc",
        "Các buổi làm việc trong ngày, dùng để tính ngày hẹn trả.",
        list,
        default=["07:00-11:30", "13:30-17:00"],
        check=_periods,
    ),
    Setting(
        "office_hours.timezone",
        "Múi giờ",
        "Múi giờ của trung tâm (giờ lưu trữ là UTC, giờ hiển thị theo múi giờ này).",
        str,
        default="Asia/Ho_Chi_Minh",
        check=_timezone,
    ),
    Setting(
        "print.paper",
        "Khổ giấy tiếp nhận",
        "Khổ in giấy tiếp nhận (mẫu 01): a4 (hai liên), a5 (một liên) hoặc receipt80 "
        "(máy in hóa đơn 80 mm). Các phiếu khác và sổ theo dõi in khổ A4.",
        str,
        default=Paper.A4.value,
        check=_paper,
    ),
    Setting(
        "print.form_set",
        "Bộ biểu mẫu",
        "Số hiệu và tên các biểu mẫu in: 2025 (Thông tư 03/2025/TT-VPCP, mẫu 01–07, có "
        "thông báo dừng giải quyết hồ sơ) hoặc 2018 (Thông tư 01/2018/TT-VPCP, mẫu 01–06).",
        str,
        default=DEFAULT_FORM_SET,
        check=_form_set,
    ),
    Setting(
        "print.receipt_printer",
        "Máy in giấy tiếp nhận",
        "Tên máy in giấy tiếp nhận (mẫu 01), ví dụ máy in hóa đơn 80 mm; "
        "để trống: máy in mặc định của máy tính.",
        str,
        default="",
        check=_printer("receipt_printer", "Máy in giấy tiếp nhận"),
    ),
    Setting(
        "print.a4_printer",
        "Máy in khổ A4",
        "Tên máy in các phiếu khổ A4 (bổ sung, từ chối, xin lỗi, dừng giải quyết, kiểm soát) "
        "và sổ theo dõi; "
        "để trống: máy in mặc định của máy tính.",
        str,
        default="",
        check=_printer("a4_printer", "Máy in khổ A4"),
    ),
    Setting(
        "print.lookup_url",
        "Địa chỉ tra cứu",
        "Đầu địa chỉ tra cứu trạng thái hồ sơ, in thành một trường của mã QR (mã hồ sơ được "
        "nối vào cuối); để trống nếu không có trang tra cứu.",
        str,
        default="",
        check=_lookup_url,
    ),
    Setting(
        "backup.keep",
        "Số bản sao lưu giữ lại",
        "Số bản sao lưu tự động mỗi loại (hằng ngày; trước khi nâng cấp) được giữ lại, "
        "bản cũ hơn tự xóa. Bản sao lưu làm bằng tay không bao giờ bị xóa.",
        int,
        default=DEFAULT_BACKUP_KEEP,
        check=_backup_keep,
    ),
    Setting(
        "ui.language",
        "Ngôn ngữ",
        "Ngôn ngữ giao diện: vi (tiếng Việt) hoặc en (English).",
        str,
        default="vi",
        check=_language,
    ),
    Setting(
        "ui.idle_lock_minutes",
        "Khóa màn hình sau (phút)",
        "Không thao tác quá số phút này thì cửa sổ tự khóa; mở lại bằng mật khẩu (1–240).",
        int,
        default=10,
        check=_idle_lock,
    ),
)


@dataclass(frozen=True)
class Settings:
    agency_code: str
    agency_name: str
    place: str
    counter_number: int
    office_periods: tuple[OfficePeriod, ...]
    timezone: ZoneInfo
    clerk: str = ""
    paper: Paper = Paper.A4
    form_set: str = DEFAULT_FORM_SET
    lookup_url: str = ""
    language: str = "vi"
    backup_keep: int = DEFAULT_BACKUP_KEEP
    receipt_printer: str = ""  # "" for the computer's default printer
    a4_printer: str = ""
    idle_lock_minutes: int = 10

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Settings:
        """Validate flat ``{"section.name": value}``; raise SettingsError listing all problems."""
        problems: list[str] = []
        clean_values: dict[str, Any] = {}
        for setting in SETTINGS:
            value = values.get(setting.key, setting.default)
            if value is None:
                problems.append(f"{setting.label} ({setting.key}): chưa có giá trị.")
                continue
            if not isinstance(value, setting.kind) or isinstance(value, bool):
                problems.append(f"{setting.label} ({setting.key}): sai kiểu dữ liệu.")
                continue
            try:
                clean_values[setting.key] = setting.check(value) if setting.check else value
            except FieldError as error:
                problems.append(f"{setting.label} ({setting.key}): {error.problem}")
        unknown = sorted(set(values) - {s.key for s in SETTINGS})
        problems += [f"Mục «{key}» không được hỗ trợ; hãy xóa hoặc sửa lại." for key in unknown]
        if problems:
            raise SettingsError("Cấu hình không hợp lệ:\n- " + "\n- ".join(problems))
        return cls(
            agency_code=clean_values["agency.code"],
            agency_name=clean_values["agency.name"],
            place=clean_values["agency.place"],
            counter_number=clean_values["counter.number"],
            office_periods=parse_office_hours(clean_values["office_hours.periods"]),
            timezone=ZoneInfo(clean_values["office_hours.timezone"]),
            clerk=clean_values["counter.clerk"],
            paper=Paper(clean_values["print.paper"]),
            form_set=clean_values["print.form_set"],
            lookup_url=clean_values["print.lookup_url"],
            language=clean_values["ui.language"],
            backup_keep=clean_values["backup.keep"],
            receipt_printer=clean_values["print.receipt_printer"],
            a4_printer=clean_values["print.a4_printer"],
            idle_lock_minutes=clean_values["ui.idle_lock_minutes"],
        )

    def values(self) -> dict[str, Any]:
        return {
            "agency.code": self.agency_code,
            "agency.name": self.agency_name,
            "agency.place": self.place,
            "counter.number": self.counter_number,
            "office_hours.periods": [str(p) for p in self.office_periods],
            "office_hours.timezone": self.timezone.key,
            "counter.clerk": self.clerk,
            "print.paper": self.paper.value,
            "print.form_set": self.form_set,
            "print.receipt_printer": self.receipt_printer,
            "print.a4_printer": self.a4_printer,
            "print.lookup_url": self.lookup_url,
            "backup.keep": self.backup_keep,
            "ui.idle_lock_minutes": self.idle_lock_minutes,
            "ui.language": self.language,
        }


def _flatten(document: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, body in document.items():
        if isinstance(body, dict):
            flat.update({f"{section}.{key}": value for key, value in body.items()})
        else:
            flat[section] = body
    return flat


def load(path: Path) -> Settings:
    if not path.exists():
        raise SettingsError(
            f"Chưa có tệp cấu hình {path}. Hãy chạy: counter-app setup --agency-code MÃ "
            '--agency-name "TÊN CƠ QUAN" --counter SỐ_QUẦY'
        )
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(
            f"Tệp cấu hình {path} không đọc được ({error}). Hãy sửa lỗi cú pháp "
            "hoặc tạo lại bằng counter-app setup."
        ) from error
    except OSError as error:
        raise SettingsError(f"Không mở được tệp cấu hình {path}: {error.strerror}.") from error
    return Settings.from_values(_flatten(document))


def render(settings: Settings) -> str:
    """The settings file text, each value preceded by its help as a comment."""
    lines = ["# Quầy Một Cửa — cấu hình quầy. Sửa bằng counter-app setup hoặc trình soạn thảo."]
    values = settings.values()
    section = ""
    for setting in SETTINGS:
        head, name = setting.key.split(".")
        if head != section:
            lines += ["", f"[{head}]"]
            section = head
        lines.append(f"# {setting.help}")
        lines.append(tomli_w.dumps({name: values[setting.key]}).strip())
    return "\n".join(lines) + "\n"


def save(settings: Settings, path: Path) -> None:
    write_atomically(path, render(settings).encode())
