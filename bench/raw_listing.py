"""List every volume of a cloud with raw HTTP: the floor that `bench/listing.py` compares volimage against.

Only `requests` and `json`: Keystone v3 password auth scoped to the project, the `volumev3` public endpoint of
the region from the token's catalog, then `GET /volumes/detail?limit=1000` following the `next` links, decoding
every page. Reads the clouds.yaml entry as JSON on stdin (so that it needs no YAML parser) and prints the count.
"""

import json
import sys
from typing import Any

import requests


def main() -> None:
    print(count_volumes(json.load(sys.stdin)))


def count_volumes(entry: dict[str, Any]) -> int:
    """Authenticate as the clouds.yaml `entry` says and count every volume of its region, page by page."""
    auth, region = entry["auth"], entry["region_name"]
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": auth["username"],
                        "domain": {"name": auth["user_domain_name"]},
                        "password": auth["password"],
                    }
                },
            },
            "scope": {"project": {"name": auth["project_name"], "domain": {"name": auth["project_domain_name"]}}},
        }
    }
    http = requests.Session()
    reply = http.post(f"{auth['auth_url']}/v3/auth/tokens", json=body, timeout=60)
    reply.raise_for_status()
    http.headers["X-Auth-Token"] = reply.headers["X-Subject-Token"]
    endpoint = next(
        point["url"]
        for service in json.loads(reply.content)["token"]["catalog"]
        if service["type"] == "volumev3"
        for point in service["endpoints"]
        if point["interface"] == "public" and point["region"] == region
    )
    count = 0
    url: str | None = f"{endpoint}/volumes/detail?limit=1000"
    while url is not None:
        page = http.get(url, timeout=60)
        page.raise_for_status()
        data = json.loads(page.content)
        count += len(data["volumes"])
        url = next((link["href"] for link in data.get("volumes_links", []) if link.get("rel") == "next"), None)
    return count


if __name__ == "__main__":
    main()
