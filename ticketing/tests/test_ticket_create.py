import pytest
from django.urls import reverse

from crm.tests.factories import CompanyFactory, ContactFactory
from ticketing.models import Ticket, TicketSubject

from .factories import TicketSubjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("ticketing:ticket-create")


def form_data(company, /, **overrides):
    return {
        "category": "complaint",
        "company": str(company.uuid) if company else "",
        "contact": "",
        "subject": "Refund",
        "description": "The hotel was overbooked.",
        "priority": "high",
        "assignee": "",
        **overrides,
    }


def test_it_requires_login(client):
    assert client.get(URL).status_code == 302


def test_it_shows_the_form_with_the_agency_subject_list(consultant_client, subject, other_agency):
    TicketSubjectFactory(agency=other_agency, name="Foreign subject")

    response = consultant_client.get(URL)

    assert response.status_code == 200
    assert 'list="subject-options"' in response.text
    assert '<option value="Refund">' in response.text
    assert "Foreign subject" not in response.text


def test_it_prefills_the_company_from_the_company_page(consultant_client, client_company, contact):
    response = consultant_client.get(URL, {"company": str(client_company.uuid)})

    form = response.context["form"]
    assert form.initial["company"] == client_company.uuid
    assert list(form.fields["contact"].queryset) == [contact]


def test_it_answers_404_to_a_company_of_another_agency(consultant_client, other_agency):
    foreign = CompanyFactory(agency=other_agency)

    assert consultant_client.get(URL, {"company": str(foreign.uuid)}).status_code == 404
    assert consultant_client.get(URL, {"company": "not-a-uuid"}).status_code == 404


def test_it_opens_a_ticket_and_returns_where_the_user_came_from(
    consultant_client, consultant, client_company, contact, subject, admin_user
):
    next_url = client_company.get_absolute_url()
    response = consultant_client.post(
        URL,
        form_data(client_company, contact=str(contact.uuid), assignee=str(admin_user.uuid), next=next_url),
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == f"/tickets/{ticket.number}/?next={next_url.replace('/', '%2F')}"
    assert (ticket.owner, ticket.assignee, ticket.contact, ticket.subject) == (consultant, admin_user, contact, subject)
    assert (ticket.category_type, ticket.category, ticket.priority) == ("client", "complaint", "high")


def test_it_picks_the_subject_whatever_its_case(consultant_client, client_company, subject):
    consultant_client.post(URL, form_data(client_company, subject="  rEFUND "))

    assert Ticket.objects.get().subject == subject


def test_it_asks_before_adding_an_unknown_subject(consultant_client, client_company, subject):
    response = consultant_client.post(URL, form_data(client_company, subject="Lost bag"))

    assert response.status_code == 200
    assert "is not one of your subjects" in response.text
    assert not Ticket.objects.exists()
    assert not TicketSubject.objects.filter(name="Lost bag").exists()


def test_it_adds_a_new_subject_inline(consultant_client, client_company, agency):
    consultant_client.post(URL, form_data(client_company, subject="Lost bag", new_subject="on"))

    assert Ticket.objects.get().subject == TicketSubject.objects.get(agency=agency, name="Lost bag")


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "nonsense"},
        {"priority": "extreme"},
        {"category": "supplier_error"},
        {"description": ""},
        {"company": ""},
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(consultant_client, client_company, subject, overrides):
    response = consultant_client.post(URL, form_data(client_company, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Ticket.objects.exists()


def test_it_refuses_objects_of_another_agency(consultant_client, client_company, subject, other_agency, outsider):
    foreign_company = CompanyFactory(agency=other_agency, company_type="client")
    foreign_subject = TicketSubjectFactory(agency=other_agency, name="Foreign subject")
    other_company_contact = ContactFactory(company=CompanyFactory(agency=client_company.agency))
    for overrides in [
        {"company": str(foreign_company.uuid)},
        {"assignee": str(outsider.uuid)},
        {"subject": foreign_subject.name},
        {"contact": str(other_company_contact.uuid)},
    ]:
        response = consultant_client.post(URL, form_data(client_company, **overrides))
        assert response.status_code == 200, overrides
        assert response.context["form"].errors, overrides
    assert not Ticket.objects.exists()
    assert not TicketSubject.objects.filter(agency=client_company.agency, name="Foreign subject").exists()


def test_it_opens_an_internal_ticket_without_a_company(consultant_client, subject):
    consultant_client.post(URL, form_data(None, category="system_error"))

    ticket = Ticket.objects.get()
    assert (ticket.category_type, ticket.company) == ("internal", None)


def test_it_ignores_a_next_that_is_not_a_local_path(consultant_client, client_company, subject):
    for evil in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        response = consultant_client.post(URL, form_data(client_company, next=evil))
        assert response.url == Ticket.objects.latest("number").get_absolute_url()


def test_contact_options_lists_the_company_contacts(consultant_client, client_company, contact, other_agency):
    url = reverse("ticketing:contact-options")

    response = consultant_client.get(url, {"company": str(client_company.uuid)})

    assert response.status_code == 200
    assert str(contact.uuid) in response.text
    assert consultant_client.get(url, {"company": str(CompanyFactory(agency=other_agency).uuid)}).status_code == 404
    assert "No contact" in consultant_client.get(url).text


def test_it_offers_only_the_chosen_company_and_a_search_for_the_others(consultant_client, client_company, subject):
    others = [CompanyFactory(agency=client_company.agency, name=f"Other {n}") for n in range(3)]

    blank = consultant_client.get(URL).text
    prefilled = consultant_client.get(URL, {"company": str(client_company.uuid)}).text

    assert 'name="company_search"' in blank
    assert f'hx-get="{reverse("ticketing:company-options")}"' in blank
    assert not any(str(company.uuid) in blank for company in [client_company, *others])
    assert f'<option value="{client_company.uuid}" selected>Acme Pharma</option>' in prefilled
    assert not any(str(company.uuid) in prefilled for company in others)


def test_it_opens_a_ticket_for_a_company_found_by_the_search(consultant_client, client_company, subject):
    found = CompanyFactory(agency=client_company.agency, name="Zenith Travel", company_type="client")

    response = consultant_client.post(URL, form_data(found))

    assert response.status_code == 302
    assert Ticket.objects.get().company == found


def test_company_options_finds_the_agency_companies_by_name_best_first(consultant_client, agency, other_agency):
    url = reverse("ticketing:company-options")
    inside = CompanyFactory(agency=agency, name="Grand Harbour Hotels", city="Leeds")
    start = CompanyFactory(agency=agency, name="Harbour <Cruises>", city="")
    CompanyFactory(agency=agency, name="Elsewhere Ltd")
    CompanyFactory(agency=other_agency, name="Harbour Rivals")

    response = consultant_client.get(url, {"company_search": "harbour"})

    assert response.status_code == 200
    options = response.text
    assert '<option value="">Pick one of 2 companies</option>' in options
    assert options.index(str(start.uuid)) < options.index(str(inside.uuid))
    assert "Harbour &lt;Cruises&gt; · Prospect</option>" in options
    assert "Grand Harbour Hotels · Prospect · Leeds</option>" in options
    assert "Elsewhere" not in options
    assert "Rivals" not in options


def test_company_options_caps_the_list_and_answers_an_empty_or_unmatched_search(
    consultant_client, agency, django_assert_num_queries
):
    url = reverse("ticketing:company-options")
    for n in range(25):
        CompanyFactory(agency=agency, name=f"Atlas {n:02}")

    # session, user, agency, companies
    with django_assert_num_queries(4):
        capped = consultant_client.get(url, {"company_search": "atlas"}).text
    assert capped.count('<option value="') == 21
    assert (
        consultant_client.get(url, {"company_search": "zzz"}).text.strip()
        == '<option value="">No company matches</option>'
    )
    assert consultant_client.get(url, {"company_search": "   "}).text.strip() == '<option value="">No company</option>'
    assert consultant_client.get(url).text.strip() == '<option value="">No company</option>'


def test_company_options_requires_login(client):
    response = client.get(reverse("ticketing:company-options"), {"company_search": "a"})

    assert response.url.startswith(reverse("account_login"))


def test_company_options_refuses_a_post(consultant_client):
    assert consultant_client.post(reverse("ticketing:company-options")).status_code == 405
