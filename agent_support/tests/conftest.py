import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test of the app stores files in its own folder, so the tests can list what was left behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    def list_files():
        return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())

    return list_files
