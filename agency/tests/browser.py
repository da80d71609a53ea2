from .factories import TEST_PASSWORD


def log_in(page, live_server, email, password=TEST_PASSWORD, *, lands_on="**/dashboard/"):
    """Sign in through the login form; wait for the page it lands on unless ``lands_on`` is None."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign In").click()
    if lands_on:
        page.wait_for_url(lands_on)
