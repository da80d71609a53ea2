import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from agent_support.models import Supplier, SupplierType
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


def test_it_lists_each_entry_collapsed_with_its_process_count_and_no_details(consultant_client, agency):
    skyline = SupplierFactory(agency=agency, name="Skyline Air", notes="VIP desk")
    BookingProcessFactory.create_batch(2, supplier=skyline, body="Email https://groups.skyline.example")
    harbour = SupplierFactory(agency=agency, name="Harbour Hotels", supplier_type=SupplierType.ACCOMMODATION)
    BookingProcessFactory(supplier=harbour, title="Group booking")
    SupplierFactory(agency=agency, name="Eurostar", supplier_type=SupplierType.RAIL)

    text = consultant_client.get(URL).text

    assert "2 booking processes" in text
    assert "1 booking process<" in text
    assert "0 booking processes" in text
    assert "Accommodation" in text
    assert text.count('<button class="accordion-button collapsed"') == 3
    assert text.count('class="accordion-collapse collapse"') == 3
    for details in ["Group booking", "groups@skyline.example", "VIP desk", "groups.skyline.example"]:
        assert details not in text
    details_url = reverse("agent_support:supplier-details", args=[harbour.uuid])
    assert f'hx-get="{details_url}" hx-trigger="show.bs.collapse from:closest .accordion-collapse once"' in text
    assert f'<noscript><p class="px-3 pb-3 mb-0"><a href="{details_url}">' in text


def test_it_does_not_count_another_agencys_processes(consultant_client, agency, other_agency):
    supplier = SupplierFactory(agency=agency, name="Skyline Air")
    SupplierFactory(agency=agency, name="Harbour Hotels")
    BookingProcessFactory(supplier=supplier, agency=other_agency)

    assert "0 booking processes" in consultant_client.get(URL).text


def test_it_shows_the_only_match_open_with_its_details(consultant_client, agency, supplier):
    SupplierFactory(agency=agency, name="Harbour Hotels")

    text = consultant_client.get(URL, {"q": "skyline"}).text

    assert 'aria-expanded="true"' in text
    assert f'id="supplier-{supplier.uuid}-body" class="accordion-collapse collapse show"' in text
    assert "hx-get" not in text
    assert "Harbour Hotels" not in text
    assert 'href="https://agents.skyline.example/login" target="_blank" rel="noopener noreferrer"' in text
    assert text.index("First step") < text.index("Second step")
    assert '<a href="https://groups.skyline.example" rel="nofollow">https://groups.skyline.example</a>' in text
    assert "&lt;b&gt;VIP&lt;/b&gt; desk" in text
    process = supplier.processes.get(title="First step")
    assert reverse("agent_support:process-pdf", args=[process.uuid]) in text
    assert reverse("agent_support:supplier-update", args=[supplier.uuid]) in text


def test_it_paginates(consultant_client, agency):
    SupplierFactory.create_batch(53, agency=agency)

    first = consultant_client.get(URL)
    second = consultant_client.get(URL, {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 3
    assert "Page 1 of 2" in first.text


def add_suppliers(agency, count, processes=2):
    for supplier in SupplierFactory.create_batch(count, agency=agency):
        BookingProcessFactory.create_batch(processes, supplier=supplier)


def test_it_runs_the_same_queries_for_two_and_fifty_suppliers(consultant_client, agency, django_assert_num_queries):
    """Session, user, agency, then the count and the page of suppliers with their process counts,
    whatever the number of entries or of their processes."""
    add_suppliers(agency, 2, processes=1)
    with django_assert_num_queries(5):
        assert len(consultant_client.get(URL).context["page"].object_list) == 2

    add_suppliers(agency, 48, processes=3)
    with django_assert_num_queries(5):
        assert len(consultant_client.get(URL).context["page"].object_list) == 50


def test_it_reads_the_processes_of_the_only_match_in_one_query(consultant_client, agency, django_assert_num_queries):
    """The five queries of the list, then the processes of the entry it shows open."""
    add_suppliers(agency, 1, processes=1)
    with django_assert_num_queries(6):
        assert len(consultant_client.get(URL).context["page"].object_list) == 1

    BookingProcessFactory.create_batch(9, supplier=Supplier.objects.get(agency=agency))
    with django_assert_num_queries(6):
        assert consultant_client.get(URL).text.count("booking-process") == 10


def test_it_says_when_nothing_matches(consultant_client):
    response = consultant_client.get(URL, {"q": "nothing"})

    assert "No supplier matches this search." in response.text
