import pytest

from agent_support.tests.factories import BookingProcessFactory, SupplierFactory


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


@pytest.fixture
def supplier(agency):
    """Skyline Air, with contacts, notes that hold HTML and two booking processes entered out of order,
    the first with a link and a PDF."""
    supplier = SupplierFactory(
        agency=agency,
        name="Skyline Air",
        agent_websites=["https://agents.skyline.example/login"],
        notes="<b>VIP</b> desk",
    )
    BookingProcessFactory(supplier=supplier, title="Second step", order=1)
    BookingProcessFactory(
        supplier=supplier,
        title="First step",
        order=0,
        body="<script>alert(1)</script>\nThen see https://groups.skyline.example",
        with_pdf=True,
    )
    return supplier
