"""One config object decides where tables live.

On Databricks: Unity Catalog three-level names ``<catalog>.bronze|silver|gold.<table>``.
Locally: two-level names ``bronze.<table>`` etc. in the Spark session catalog (Delta tables
under ``$PULSELAKE_HOME/warehouse``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Layer = Literal["bronze", "silver", "gold"]
LAYERS: tuple[Layer, ...] = ("bronze", "silver", "gold")
# Contract §3: a workout counts as completed when stop - start <= this many hours (configurable).
DEFAULT_MAX_WORKOUT_HOURS = 3.0


@dataclass(frozen=True)
class LakeConfig:
    """Where the lake reads and writes.

    ``catalog`` is None locally (two-level names) and the Unity Catalog name on Databricks.
    """

    landing_root: str
    checkpoint_root: str
    catalog: str | None = None
    on_databricks: bool = False
    # Locally only: prefixes the layer databases (``t1_bronze``) so tests sharing one session stay apart.
    schema_prefix: str = ""
    max_workout_hours: float = DEFAULT_MAX_WORKOUT_HOURS

    @property
    def max_workout_seconds(self) -> float:
        return self.max_workout_hours * 3600.0

    def schema(self, layer: Layer) -> str:
        return f"{self.catalog}.{layer}" if self.catalog else f"{self.schema_prefix}{layer}"

    def table(self, layer: Layer, name: str) -> str:
        return f"{self.schema(layer)}.{name}"

    def bronze(self, name: str) -> str:
        return self.table("bronze", name)

    def silver(self, name: str) -> str:
        return self.table("silver", name)

    def gold(self, name: str) -> str:
        return self.table("gold", name)

    def landing(self, feed: str) -> str:
        return f"{self.landing_root.rstrip('/')}/{feed}"

    def checkpoint(self, name: str) -> str:
        return f"{self.checkpoint_root.rstrip('/')}/{name}"

    @staticmethod
    def local(home: str | Path, max_workout_hours: float = DEFAULT_MAX_WORKOUT_HOURS) -> LakeConfig:
        root = Path(home).resolve()
        return LakeConfig(
            landing_root=str(root / "landing"),
            checkpoint_root=str(root / "checkpoints"),
            max_workout_hours=max_workout_hours,
        )

    @staticmethod
    def warehouse_dir(home: str | Path) -> str:
        return str(Path(home).resolve() / "warehouse")
