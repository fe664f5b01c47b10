"""schemathesis hooks for tests/contract/run: the rules across fields the document states in
words, which a schema of independent parameters cannot express. Generated requests that break
one are dropped; each rule here is one the server enforces with a 400."""

import schemathesis


@schemathesis.hook
def filter_query(ctx, query):
    if not query:
        return True
    # An empty value is the same as leaving the parameter out (the document's front matter says
    # so), so `taxonomy_id=` is no UUID yet not refused.
    if any(value == "" or value == [] for value in query.values()):
        return False
    # `lat` and `lng` come together (meetings, services, the nearby search).
    if ("lat" in query) != ("lng" in query):
        return False
    # HSDS `proximity` is measured from a `postcode`'s centroid.
    if "proximity" in query and not query.get("postcode"):
        return False
    return True
