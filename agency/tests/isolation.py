from agency.tests.factories import UserFactory, invitation_with_token


def _invitation(agency):
    return {"invitation": invitation_with_token(agency)[0].uuid}


ROUTES = {
    "agency:user-edit": lambda agency: {"user": UserFactory(agency=agency).uuid},
    "agency:user-deactivate": lambda agency: {"user": UserFactory(agency=agency).uuid},
    "agency:user-reactivate": lambda agency: {"user": UserFactory(agency=agency, is_active=False).uuid},
    "agency:invitation-resend": _invitation,
    "agency:invitation-revoke": _invitation,
    # A signed-in user of another agency cannot use agency A's invitation link.
    "agency:invitation-accept": lambda agency: {"token": invitation_with_token(agency)[1]},
}
