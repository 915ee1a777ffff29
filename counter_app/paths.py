"""Where the program keeps its files: settings, database, backups, drafts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from counter_app.core import settings as settings_file

APP_NAME = "QuayMotCua"
DB_FILE = "counter.sqlite3"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    settings_file: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILE

    @property
    def credentials(self) -> Path:
        """The device token for the provincial server: beside the settings, not in the
        database (a database copy or backup must not carry the key to the province)."""
        return self.settings_file.parent / "device.json"

    @property
    def logs(self) -> Path:
        """Beside the data when a data directory is given, else the OS's log directory."""
        if self.settings_file.parent == self.data_dir:
            return self.data_dir / "logs"
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @classmethod
    def resolve(cls, data_dir: Path | None) -> AppPaths:
        """``--data-dir`` keeps everything together; otherwise the OS's user directories."""
        if data_dir is not None:
            return cls(data_dir, data_dir / settings_file.FILE_NAME)
        return cls(
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / settings_file.FILE_NAME,
        )
