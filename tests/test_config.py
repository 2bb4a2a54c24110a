from __future__ import annotations

import re
from pathlib import Path

import pytest

from factsum.config import DEFAULT_MODEL, load_settings
from factsum.errors import ConfigError


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('model = "openai:from-file"\ntemperature = 0.3\ntimeout = 30\n', encoding="utf-8")
    return path


def test_default_when_nothing_given(tmp_path: Path) -> None:
    settings = load_settings({}, environ={"FACTSUM_CONFIG": str(tmp_path / "none.toml")})
    assert settings.model == DEFAULT_MODEL
    assert (settings.temperature, settings.timeout, settings.max_reasks, settings.retries) == (
        0.0,
        120.0,
        2,
        3,
    )
    assert settings.api_key is None


def test_config_file_beats_default(config_file: Path) -> None:
    settings = load_settings({}, environ={"FACTSUM_CONFIG": str(config_file)})
    assert (settings.model, settings.temperature, settings.timeout) == ("openai:from-file", 0.3, 30.0)


def test_env_beats_config_file(config_file: Path) -> None:
    env = {"FACTSUM_CONFIG": str(config_file), "FACTSUM_MODEL": "openai:from-env", "FACTSUM_TIMEOUT": "7"}
    settings = load_settings({}, environ=env)
    assert (settings.model, settings.timeout, settings.temperature) == ("openai:from-env", 7.0, 0.3)


def test_flag_beats_env(config_file: Path) -> None:
    env = {"FACTSUM_CONFIG": str(config_file), "FACTSUM_MODEL": "openai:from-env"}
    settings = load_settings({"model": "openai:from-flag", "temperature": None}, environ=env)
    assert settings.model == "openai:from-flag"
    assert settings.temperature == 0.3  # a None flag counts as not given


def test_factsum_key_beats_openai_key(tmp_path: Path) -> None:
    env = {
        "FACTSUM_CONFIG": str(tmp_path / "none.toml"),
        "OPENAI_API_KEY": "openai",
        "FACTSUM_API_KEY": "factsum",
    }
    settings = load_settings({}, environ=env)
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "factsum"
    env.pop("FACTSUM_API_KEY")
    settings = load_settings({}, environ=env)
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "openai"
    assert "openai" not in repr(settings)  # secret not shown


def test_settings_id(tmp_path: Path) -> None:
    env = {"FACTSUM_CONFIG": str(tmp_path / "none.toml")}
    base = load_settings({"model": "openai:a"}, environ=env)
    assert re.fullmatch(r"[0-9a-f]{12}", base.settings_id)
    assert load_settings({"model": "openai:a"}, environ=env).settings_id == base.settings_id
    assert load_settings({"model": "openai:b"}, environ=env).settings_id != base.settings_id
    assert (
        load_settings({"model": "openai:a", "temperature": 0.7}, environ=env).settings_id != base.settings_id
    )
    assert load_settings({"model": "openai:a", "timeout": 5}, environ=env).settings_id == base.settings_id
    assert load_settings({"model": "openai:a", "retries": 9}, environ=env).settings_id == base.settings_id
    # the context size sets a long article's chunk windows (issue 11, case 9)
    assert load_settings({"model": "openai:a", "n_ctx": 2048}, environ=env).settings_id != base.settings_id


def test_invalid_flag_value_names_setting(tmp_path: Path) -> None:
    env = {"FACTSUM_CONFIG": str(tmp_path / "none.toml")}
    with pytest.raises(ConfigError, match=r"setting 'temperature'") as excinfo:
        load_settings({"temperature": 5}, environ=env)
    assert excinfo.value.exit_code == 20


def test_invalid_env_value_names_variable(tmp_path: Path) -> None:
    env = {"FACTSUM_CONFIG": str(tmp_path / "none.toml"), "FACTSUM_TIMEOUT": "soon"}
    with pytest.raises(ConfigError) as excinfo:
        load_settings({}, environ=env)
    assert "setting 'timeout'" in str(excinfo.value)
    assert "FACTSUM_TIMEOUT" in str(excinfo.value)


def test_unknown_key_in_config_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"setting 'colour'") as excinfo:
        load_settings({}, environ={"FACTSUM_CONFIG": str(path)})
    assert str(path) in str(excinfo.value)


def test_bad_toml_config_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("model = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML") as excinfo:
        load_settings({}, environ={"FACTSUM_CONFIG": str(path)})
    assert str(path) in str(excinfo.value)


def test_explicit_environ_is_not_mixed_with_process_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.toml"
    path.write_text('model = "openai:leaked"\n', encoding="utf-8")
    monkeypatch.setenv("FACTSUM_CONFIG", str(path))
    monkeypatch.setenv("FACTSUM_MODEL", "openai:also-leaked")
    settings = load_settings({}, environ={})
    assert settings.model == DEFAULT_MODEL
