"""Glance's `/v2/images` and `/v2/schemas`: records, data upload, tags, deactivation and the schema documents.

Images are per region and owned by the caller's project. The rules live beside this module: `rules` (bodies
and patches), `data` (uploads and format inspection), `listing` (filters, order, pages and the view) and
`schema` (the schema documents).
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any
from urllib.parse import urljoin

from werkzeug.wrappers import Response

from ..model import Image
from ..wire.http import Call, empty_response, json_response
from ..wire.service import Route
from .data import check_upload_media_type, download_response, receive_upload
from .listing import image_index, image_view, is_visible
from .rules import (
    apply_changes,
    check_factory_rules,
    check_quotas,
    check_visibility_policy,
    creation_attributes,
    patch_changes,
)
from .schema import image_schema, images_schema, schema_violation
from .webob import GlanceError

DEFAULT_TAG_QUOTA = 128
"""Glance's `image_tag_quota`, used when the region's quotas do not name `image_tags`."""


def list_images(call: Call) -> Response:
    return json_response(image_index(call, call.region.images.oldest_first()))


def create_image(call: Call) -> Response:
    attributes, extra, tags = creation_attributes(_json_body(call))
    owner = attributes.get("owner", call.project_id)
    if owner != call.project_id:
        raise GlanceError(403, "You are not authorized to complete add_image action.")
    if "visibility" in attributes:
        check_visibility_policy(attributes["visibility"])
    check_factory_rules(attributes, extra)
    image_id = attributes.get("id") or call.cloud.new_id()
    if image_id in call.region.images:
        raise GlanceError(409, f"Image with identifier {image_id} already exists!")
    now = call.cloud.timestamp()
    image = Image(
        id=image_id,
        name=attributes.get("name"),
        status="queued",
        owner=owner,
        created_at=now,
        updated_at=now,
        visibility=attributes.get("visibility", "shared"),
        disk_format=attributes.get("disk_format"),
        container_format=attributes.get("container_format"),
        min_disk=int(attributes.get("min_disk", 0)),
        min_ram=int(attributes.get("min_ram", 0)),
        protected=attributes.get("protected", False),
        os_hidden=attributes.get("os_hidden", False),
        tags=list(dict.fromkeys(tags)),
        properties={key: value for key, value in extra.items() if value is not None},
    )
    _check_quotas(call, image)
    call.region.images.add(image.id, image)
    location = urljoin(call.request.base_url, f"/v2/images/{image.id}")
    return json_response(image_view(image), status=201, headers={"Location": location})


def show_image(call: Call, image_id: str) -> Response:
    return json_response(image_view(_visible_image(call, image_id)))


def update_image(call: Call, image_id: str) -> Response:
    changes = patch_changes(call.request.mimetype, _json_body(call))
    image = _visible_image(call, image_id)
    _require_owner(call, image, "modify_image")
    changed = apply_changes(image, changes)
    if changes:
        if set(changed.properties) - set(image.properties) or len(changed.tags) > len(image.tags):
            _check_quotas(call, changed)
        changed.updated_at = call.cloud.timestamp()
        for attribute in fields(Image):
            setattr(image, attribute.name, getattr(changed, attribute.name))
    return json_response(image_view(image))


def delete_image(call: Call, image_id: str) -> Response:
    image = call.region.images.get(image_id)
    if image is None or not is_visible(image, call.project_id):
        raise GlanceError(404, f"Failed to find image {image_id} to delete")
    _require_owner(call, image, "delete_image")
    if image.protected:
        raise GlanceError(403, f"Image {image_id} is protected and cannot be deleted.")
    call.region.images.remove(image_id)
    return empty_response(204)


def upload_image_data(call: Call, image_id: str) -> Response:
    check_upload_media_type(call.request)
    image = _visible_image(call, image_id)
    _require_owner(call, image, "upload_image")
    receive_upload(image, call.request, call.cloud.timestamp())
    return empty_response(204)


def download_image_data(call: Call, image_id: str) -> Response:
    return download_response(_visible_image(call, image_id))


def add_tag(call: Call, image_id: str, tag: str) -> Response:
    violation = schema_violation({"tags": [tag]})
    if violation:
        raise GlanceError(400, violation)
    image = _tagged_image(call, image_id)
    if tag not in image.tags:
        image.tags.append(tag)
        try:
            _check_quotas(call, image)
        except GlanceError:
            image.tags.remove(tag)
            raise
        image.updated_at = call.cloud.timestamp()
    return empty_response(204)


def remove_tag(call: Call, image_id: str, tag: str) -> Response:
    image = _tagged_image(call, image_id)
    if tag not in image.tags:
        raise GlanceError(404)
    image.tags.remove(tag)
    image.updated_at = call.cloud.timestamp()
    return empty_response(204)


def image_action(call: Call, image_id: str, action: str) -> Response:
    """`deactivate` (active -> deactivated) and `reactivate` (back); each is a no-op on its own target state."""
    transitions = {"deactivate": ("active", "deactivated"), "reactivate": ("deactivated", "active")}
    if action not in transitions:
        raise GlanceError(404)
    image = _visible_image(call, image_id)
    _require_owner(call, image, action)
    source, target = transitions[action]
    if image.status == source:
        image.status = target
        image.updated_at = call.cloud.timestamp()
    elif image.status != target:
        raise GlanceError(403, f"Not allowed to {action} image in status '{image.status}'")
    return empty_response(204)


def show_image_schema(call: Call) -> Response:
    return json_response(image_schema())


def show_images_schema(call: Call) -> Response:
    return json_response(images_schema())


def show_import_info(call: Call) -> Response:
    """No interoperable import method is offered: the simulation stores uploads only through `PUT .../file`."""
    methods = {"description": "Import methods available.", "type": "array", "value": []}
    return json_response({"import-methods": methods})


def show_stores_info(call: Call) -> Response:
    raise GlanceError(404, "Multi backend is not supported at this site.")


def _visible_image(call: Call, image_id: str) -> Image:
    image = call.region.images.get(image_id)
    if image is None or not is_visible(image, call.project_id):
        raise GlanceError(404, f"No image found with ID {image_id}")
    return image


def _tagged_image(call: Call, image_id: str) -> Image:
    """The image a tag request names (its not-found message differs), which the caller must own."""
    image = call.region.images.get(image_id)
    if image is None or not is_visible(image, call.project_id):
        raise GlanceError(404, f"Image {image_id} not found.")
    _require_owner(call, image, "modify_image")
    return image


def _require_owner(call: Call, image: Image, action: str) -> None:
    """Glance's default policies let project members change only their own project's images."""
    if image.owner != call.project_id:
        raise GlanceError(403, f"You are not authorized to complete {action} action.")


def _check_quotas(call: Call, image: Image) -> None:
    quotas = call.region.quotas
    check_quotas(image, quotas.get("image_properties", 128), quotas.get("image_tags", DEFAULT_TAG_QUOTA))


def _json_body(call: Call) -> Any:
    """The request's JSON, with the messages of Glance's JSON deserializer."""
    raw = call.request.get_data(as_text=True)
    if not raw:
        raise GlanceError(400, "Body expected in request.")
    try:
        return json.loads(raw)
    except ValueError:
        raise GlanceError(400, "Malformed JSON in request body.") from None


def routes() -> list[Route]:
    """The routes this module answers."""
    return [
        Route("GET", "/v2/images", list_images),
        Route("POST", "/v2/images", create_image),
        Route("GET", "/v2/images/<image_id>", show_image),
        Route("PATCH", "/v2/images/<image_id>", update_image),
        Route("DELETE", "/v2/images/<image_id>", delete_image),
        Route("PUT", "/v2/images/<image_id>/file", upload_image_data),
        Route("GET", "/v2/images/<image_id>/file", download_image_data),
        Route("PUT", "/v2/images/<image_id>/tags/<tag>", add_tag),
        Route("DELETE", "/v2/images/<image_id>/tags/<tag>", remove_tag),
        Route("POST", "/v2/images/<image_id>/actions/<action>", image_action),
        Route("GET", "/v2/schemas/image", show_image_schema),
        Route("GET", "/v2/schemas/images", show_images_schema),
        Route("GET", "/v2/info/import", show_import_info),
        Route("GET", "/v2/info/stores", show_stores_info),
    ]
