"""A Python client generated from openapi/openapi.json (openapi-python-client), used as a
third-party developer would: sign in, create a meeting, search for it, page through results
with the cursor, and read the Meeting Guide feed. Run by tests/contract/run:

    PYTHONPATH=out python client_smoke.py BASE_URL EMAIL PASSWORD
"""

import sys

from recovery_directory_client import AuthenticatedClient, Client
from recovery_directory_client.api.auth import auth_token
from recovery_directory_client.api.feeds import feeds_meeting_guide
from recovery_directory_client.api.meetings import meetings_create, meetings_read, meetings_search
from recovery_directory_client.models import LocationInput, MeetingInput, MeetingPage, MeetingView, TokenRequest, TokenResponse


def expect(value, kind, what):
    if not isinstance(value, kind):
        sys.exit(f"{what}: expected {kind.__name__}, got {value!r}")
    return value


def main(base, email, password):
    anonymous = Client(base_url=base, raise_on_unexpected_status=True)
    tokens = expect(auth_token.sync(client=anonymous, body=TokenRequest(email=email, password=password)), TokenResponse, "sign in")
    staff = AuthenticatedClient(base_url=base, token=tokens.access_token, raise_on_unexpected_status=True)

    created = expect(
        meetings_create.sync(
            client=staff,
            body=MeetingInput(
                name="Generated Client Check",
                day=3,
                time="19:30",
                timezone="America/New_York",
                location=LocationInput(
                    address="1 Client Way", city="Philadelphia", state="PA", latitude=39.95, longitude=-75.16
                ),
            ),
        ),
        MeetingView,
        "create",
    )
    read = expect(meetings_read.sync(client=staff, id=created.id), MeetingView, "read")
    assert read.name == "Generated Client Check", read.name

    found = expect(meetings_search.sync(client=staff, q="generated client"), MeetingPage, "search")
    assert any(m.id == created.id for m in found.items), "the new meeting is not found by its words"

    seen, cursor, pages = set(), None, 0
    while True:
        page = expect(
            meetings_search.sync(client=staff, limit=5, **({"cursor": cursor} if cursor else {})), MeetingPage, "page"
        )
        pages += 1
        ids = {m.id for m in page.items}
        assert not ids & seen, "a meeting came twice while paging"
        seen |= ids
        cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
        if not cursor:
            break
    assert created.id in seen and pages > 1, (pages, len(seen))

    feed = feeds_meeting_guide.sync(client=staff)
    assert isinstance(feed, list) and any(entry.name == "Generated Client Check" for entry in feed), "feed"
    print(f"generated Python client: signed in, created {created.id}, found it, {pages} pages of {len(seen)} meetings, feed of {len(feed)}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
