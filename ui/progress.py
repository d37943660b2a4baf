"""Progress bars for the terminal (tqdm on stderr)."""

from __future__ import annotations

import sys
from types import TracebackType

from tqdm import tqdm


class TerminalProgress:
    """Two bars: files done, and chunks embedded for the current file."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._bars: dict[str, tqdm] = {}

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        bar = self._bars.get(stage)
        if bar is None:
            unit = "file" if stage == "files" else "chunk"
            bar = tqdm(
                total=total,
                desc=stage,
                unit=unit,
                file=sys.stderr,
                leave=stage == "files",
                position=0 if stage == "files" else 1,
                dynamic_ncols=True,
            )
            self._bars[stage] = bar
        if bar.total != total:
            bar.reset(total=total)
        bar.n = done
        bar.refresh()

    def result(self, result: object) -> None:
        return None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for bar in self._bars.values():
            bar.close()
