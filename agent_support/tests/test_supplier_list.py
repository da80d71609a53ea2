import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from agent_support.models import SupplierType
from agent_support.tests.factories import BookingProcessFactory, SupplierFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db

URL = reverse("agent_support:supplier-list")


def names(response):
    return [supplier.name for supplier in response.context["page"].object_list]


def test_it_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_refuses_post(consultant_client):
    assert consultant_client.post(URL).status_code == 405


def test_it_shows_only_the_agency_suppliers(consultant_client, agency, other_agency):
    SupplierFactory(agency=agency, name="Skyline Air")
    SupplierFactory(agency=other_agency, name="Rival Rail")

    response = consultant_client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Skyline Air"]
    assert "Rival Rail" not in response.text


def test_it_lets_every_role_read_the_directory(client, agency):
    for role in Role:
        client.force_login(UserFactory(agency=agency, role=role))
        assert client.get(URL).status_code == 200


def test_it_finds_a_name_ignoring_case_accents_and_punctuation(consultant_client, agency):
    for name in ["easyJet", "Easy-Jet Holidays", "Hôtel B&B", "Jet2", "Eurostar"]:
        SupplierFactory(agency=agency, name=name)

    assert names(consultant_client.get(URL, {"q": "EASY jet"})) == ["easyJet", "Easy-Jet Holidays"]
    assert names(consultant_client.get(URL, {"q": "hotel b & b"})) == ["Hôtel B&B"]
    assert names(consultant_client.get(URL, {"q": "jet"})) == ["easyJet", "Easy-Jet Holidays", "Jet2"]
    assert names(consultant_client.get(URL, {"q": "--"})) == [
        "easyJet",
        "Easy-Jet Holidays",
        "Eurostar",
        "Hôtel B&B",
        "Jet2",
    ]


def test_it_filters_by_type_and_ignores_an_unknown_type(consultant_client, agency):
    SupplierFactory(agency=agency, name="Skyline Air", supplier_type=SupplierType.AIR)
    SupplierFactory(agency=agency, name="Harbour Hotel", supplier_type=SupplierType.ACCOMMODATION)
    SupplierFactory(agency=agency, name="Harbour Rail", supplier_type=SupplierType.RAIL)

    assert names(consultant_client.get(URL, {"type": "accommodation"})) == ["Harbour Hotel"]
    assert names(consultant_client.get(URL, {"type": "rail", "q": "harbour"})) == ["Harbour Rail"]
    assert names(consultant_client.get(URL, {"type": "spaceship"})) == ["Harbour Hotel", "Harbour Rail", "Skyline Air"]


def test_it_shows_contacts_and_processes_in_order_with_safe_links(consultant_client, agency):
    supplier = SupplierFactory(
        agency=agency,
        name="Skyline Air",
        agent_websites=["https://agents.skyline.example/login"],
        notes="<b>VIP</b> desk",
    )
    BookingProcessFactory(supplier=supplier, title="Second step", order=1)
    BookingProcessFactory(
        supplier=supplier, title="First step", order=0, body="<script>alert(1)</script>", with_pdf=True
    )

    text = consultant_client.get(URL).text

    assert 'href="https://agents.skyline.example/login" target="_blank" rel="noopener noreferrer"' in text
    assert "groups@skyline.example" in text
    assert "Sam Carter" in text
    assert text.index("First step") < text.index("Second step")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;VIP&lt;/b&gt; desk" in text
    process = supplier.processes.get(title="First step")
    assert reverse("agent_support:process-pdf", args=[process.uuid]) in text


def test_it_paginates(consultant_client, agency):
    SupplierFactory.create_batch(53, agency=agency)

    first = consultant_client.get(URL)
    second = consultant_client.get(URL, {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 3
    assert "Page 1 of 2" in first.text


def test_it_runs_the_same_queries_for_one_and_fifty_suppliers(consultant_client, agency, django_assert_num_queries):
    def add_suppliers(count):
        for supplier in SupplierFactory.create_batch(count, agency=agency):
            BookingProcessFactory.create_batch(2, supplier=supplier)

    """Session, user, agency, then the count, the page of suppliers and their processes."""
    add_suppliers(1)
    with django_assert_num_queries(6):
        assert len(consultant_client.get(URL).context["page"].object_list) == 1

    add_suppliers(49)
    with django_assert_num_queries(6):
        assert len(consultant_client.get(URL, {"q": "skyline"}).context["page"].object_list) == 50


def test_it_says_when_nothing_matches(consultant_client):
    response = consultant_client.get(URL, {"q": "nothing"})

    assert "No supplier matches this search." in response.text
