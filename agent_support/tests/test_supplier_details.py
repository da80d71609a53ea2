import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from agent_support.tests.factories import BookingProcessFactory, SupplierFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(supplier):
    return reverse("agent_support:supplier-details", args=[supplier.uuid])


def test_it_requires_login(client, supplier):
    response = client.get(url(supplier), headers=HTMX)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_refuses_post(consultant_client, supplier):
    assert consultant_client.post(url(supplier)).status_code == 405


def test_it_answers_404_for_another_agencys_supplier(outsider_client, supplier):
    assert outsider_client.get(url(supplier), headers=HTMX).status_code == 404
    assert outsider_client.get(url(supplier)).status_code == 404


def test_it_lets_every_role_read_an_entry(client, agency, supplier):
    for role in Role:
        client.force_login(UserFactory(agency=agency, role=role))
        assert client.get(url(supplier), headers=HTMX).status_code == 200
        assert client.get(url(supplier)).status_code == 200


def test_it_answers_htmx_with_the_body_of_the_entry(consultant_client, supplier):
    response = consultant_client.get(url(supplier), headers=HTMX)
    text = response.text

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<html" not in text
    assert 'href="https://agents.skyline.example/login" target="_blank" rel="noopener noreferrer"' in text
    assert "groups@skyline.example" in text
    assert "Sam Carter" in text
    assert text.index("First step") < text.index("Second step")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Then see" in text
    assert '<a href="https://groups.skyline.example" rel="nofollow">https://groups.skyline.example</a>' in text
    assert "&lt;b&gt;VIP&lt;/b&gt; desk" in text
    process = supplier.processes.get(title="First step")
    assert reverse("agent_support:process-pdf", args=[process.uuid]) in text
    assert f'href="{reverse("agent_support:supplier-update", args=[supplier.uuid])}"' in text


def test_it_renders_a_page_of_its_own_without_htmx(consultant_client, supplier):
    response = consultant_client.get(url(supplier))
    text = response.text

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<html" in text
    assert '<h1 class="h3 mb-0">Skyline Air</h1>' in text
    assert f'<a href="{reverse("agent_support:supplier-list")}">Agent Support</a>' in text
    assert text.index("First step") < text.index("Second step")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_it_says_when_an_entry_has_no_process(consultant_client, agency):
    supplier = SupplierFactory(agency=agency)

    assert "No booking process recorded yet." in consultant_client.get(url(supplier), headers=HTMX).text


def test_it_ignores_a_process_of_another_agency(consultant_client, supplier, other_agency):
    BookingProcessFactory(supplier=supplier, agency=other_agency, title="Planted step")

    assert "Planted step" not in consultant_client.get(url(supplier), headers=HTMX).text


def test_it_runs_the_same_queries_for_one_and_many_processes(
    consultant_client, agency, supplier, django_assert_num_queries
):
    """Session, user, agency, the supplier, its processes."""
    with django_assert_num_queries(5):
        assert consultant_client.get(url(supplier), headers=HTMX).status_code == 200

    BookingProcessFactory.create_batch(20, supplier=supplier, with_pdf=True)
    with django_assert_num_queries(5):
        assert consultant_client.get(url(supplier), headers=HTMX).text.count("booking-process") == 22
    with django_assert_num_queries(5):
        assert consultant_client.get(url(supplier)).status_code == 200
