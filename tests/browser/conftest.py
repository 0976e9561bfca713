import pytest
from playwright.sync_api import expect


@pytest.fixture(autouse=True, scope="session")
def patient_expectations():
    """What a page shows after a round trip may take longer than Playwright's 5 s on two
    cores shared with the rest of the suite (a report sent while "Al gemeld?" loads was seen
    taking longer once): wait up to 15 s before an expectation fails."""
    expect.set_options(timeout=15_000)
