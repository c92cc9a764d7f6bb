"""Glance's wire conventions: webob error responses, whose shape follows the request's Accept header, and versions.

Glance raises webob HTTP errors and webob renders them for the Accept header, so one failure reaches clients in
three shapes, and the shape decides what openstacksdk puts in `HttpException.details` (a 401 is keystonemiddleware's
JSON, which the dispatcher renders before any service is asked):

| Accept sent                                         | body                                    | SDK `details`        |
|-----------------------------------------------------|-----------------------------------------|----------------------|
| `application/json` (SDK listings)                   | `{"message", "code", "title"}`          | the message          |
| `*/*` (requests' default: SDK get, create, delete)  | an HTML page                            | `"403 Forbidden: …"` |
| empty (SDK upload and JSON-patch send `Accept: ''`) | text/plain                              | the reason phrase    |
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from werkzeug.wrappers import Request, Response

from ..wire.http import ApiError, VersionRange

TITLES: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    410: "Gone",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
"""webob's status titles, which also form the status line's reason phrase."""

EXPLANATIONS: dict[int, str] = {
    400: "The server could not comply with the request since it is either malformed or otherwise incorrect.",
    401: "This server could not verify that you are authorized to access the document you requested. Either you "
    "supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the "
    "credentials required.",
    403: "Access was denied to this resource.",
    404: "The resource could not be found.",
    409: "There was a conflict when trying to complete your request.",
    410: "This resource is no longer available. No forwarding address is given.",
    413: "The body of your request was too large for this server.",
    429: "The client has sent too many requests in a given amount of time",
    500: "The server has either erred or is incapable of performing the requested operation.",
    502: "Bad gateway.",
    503: "The server is currently unavailable. Please try again at a later time.",
    504: "The gateway has timed out.",
}
"""webob's default explanation per status, used when Glance raises an error without its own."""

IMAGE_API_VERSIONS: tuple[tuple[str, str], ...] = (
    ("2.17", "CURRENT"),
    ("2.16", "SUPPORTED"),
    ("2.15", "SUPPORTED"),
    ("2.14", "SUPPORTED"),
    ("2.9", "SUPPORTED"),
    ("2.7", "SUPPORTED"),
    ("2.6", "SUPPORTED"),
    ("2.5", "SUPPORTED"),
    ("2.4", "SUPPORTED"),
    ("2.3", "SUPPORTED"),
    ("2.2", "SUPPORTED"),
    ("2.1", "SUPPORTED"),
    ("2.0", "SUPPORTED"),
)
"""What Glance lists without multiple stores configured (2.8 and 2.10-2.13 come only with `enabled_backends`)."""

HTML_PAGE = (
    "<html>\n <head>\n  <title>{status}</title>\n </head>\n <body>\n  <h1>{status}</h1>\n  {page}\n </body>\n</html>"
)
"""webob's `html_template_obj`."""


class GlanceError(ApiError):
    """A webob HTTP error as Glance raises it.

    Glance passes its message either as the `explanation` (replacing the status's default sentence) or as the
    `detail` (after the default sentence), and clients see the difference, so both are kept apart.
    """

    def __init__(
        self,
        status: int,
        explanation: str | None = None,
        *,
        detail: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, explanation or detail or EXPLANATIONS.get(status, ""), headers=headers)
        self.explanation = explanation
        self.detail = detail


def error_response(error: ApiError, request: Request) -> Response:
    """The response webob would send for `error` to this request."""
    status = f"{error.status} {TITLES.get(error.status, 'Error')}"
    if isinstance(error, GlanceError):
        explanation, detail = error.explanation, error.detail
    else:
        explanation, detail = error.message, None
    offered = _preferred_media_type(request.headers.get("Accept", ""))
    if offered == "application/json":
        message = _body_text(error.status, explanation, detail, request, escape=False)
        text = json.dumps({"message": message, "code": status, "title": TITLES.get(error.status, "Error")})
        content_type = "application/json"
    elif offered == "text/html":
        page = _body_text(error.status, explanation, detail, request, escape=True)
        text = HTML_PAGE.format(status=status, page=page)
        content_type = "text/html; charset=UTF-8"
    else:
        text = f"{status}\n\n{_strip_tags(_body_text(error.status, explanation, detail, request, escape=False))}"
        content_type = "text/plain; charset=UTF-8"
    return Response(text, status=status, headers=error.headers, content_type=content_type)


def discovery(service_root: str, rest: str, versions: VersionRange | None) -> Response | None:
    """Glance's version negotiation, which runs before authentication: `/versions` answers 200 with the versions
    list, a path under a v2 prefix goes on to the API (None), and any other path gets the list with 300. Glance
    has no microversions (`versions` is None)."""
    first_segment = rest.strip("/").split("/")[0]
    if re.fullmatch(r"v2(\.\d+)?", first_segment):
        return None
    listed = [
        {"id": f"v{number}", "status": state, "links": [{"rel": "self", "href": f"{service_root}/v2/"}]}
        for number, state in IMAGE_API_VERSIONS
    ]
    status = 200 if first_segment == "versions" else 300
    return Response(json.dumps({"versions": listed}), status=status, content_type="application/json")


def _body_text(status: int, explanation: str | None, detail: str | None, request: Request, *, escape: bool) -> str:
    """webob's `body_template` filled in, with the two templates that read the request instead of an explanation."""

    def quoted(text: str) -> str:
        return html.escape(text, quote=True) if escape else text

    detail_text = quoted(detail or "")
    if status == 405:
        return f"The method {quoted(request.method)} is not allowed for this resource. <br /><br />\n{detail_text}"
    if status == 415:
        media_type = quoted(request.environ.get("CONTENT_TYPE", ""))
        return f"The request media type {media_type} is not supported by this server.\n<br /><br />\n{detail_text}"
    sentence = explanation if explanation is not None else EXPLANATIONS.get(status, "")
    return f"{quoted(sentence)}<br /><br />\n{detail_text}\n\n"


def _strip_tags(text: str) -> str:
    """webob's `strip_tags`: newlines become spaces, `<br />` becomes a newline, other tags vanish."""
    text = text.replace("\n", " ").replace("\r", "")
    text = re.sub(r"<br.*?>", "\n", text, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<!--|-->", "", text)
    return re.sub(r"<.*?>", "", text, flags=re.DOTALL)


def _preferred_media_type(accept: str) -> str | None:
    """Which of text/html and application/json webob picks for this Accept header (None: plain text).

    An empty header accepts nothing, so webob falls back to text/plain; `*/*` matches both offers equally and the
    first offer, text/html, wins.
    """
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [field.strip() for field in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    return "text/html"
        ranges.append((fields[0].lower(), quality))
    best: tuple[float, str] | None = None
    for offer in ("text/html", "application/json"):
        kind = offer.split("/")[0]
        matches = [
            (specificity, quality)
            for media_range, quality in ranges
            for specificity in [3 if media_range == offer else 2 if media_range == f"{kind}/*" else 1]
            if media_range in (offer, f"{kind}/*", "*/*")
        ]
        if not matches:
            continue
        quality = max(matches)[1]
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, offer)
    return best[1] if best else None


def json_error_body(status: int, message: str) -> Any:
    """webob's JSON error shape (used only where a response cannot be built from the request)."""
    return {"message": message, "code": f"{status} {TITLES.get(status, 'Error')}", "title": TITLES.get(status, "Error")}
