"""What proves that a resource is one volimage made, read from the resource's own fields just before deleting it.

A listing filter narrows a search and proves nothing: Cinder drops a snapshot `metadata` filter below microversion
3.22 and answers with every snapshot of the project. So every deletion of something the user did not name by id
keeps only what this module says is volimage's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

from .models import Image
from .placeholder import MARKER_PROPERTY, MARKER_TAG, REQUEST_KEY


class Marked(Protocol):
    @property
    def metadata(self) -> Mapping[str, str]: ...


M = TypeVar("M", bound=Marked)


def made_by(item: Marked, request_id: str) -> bool:
    """Whether `item` carries `request_id`, the one-off id volimage put in the metadata of what it asked for."""
    return bool(request_id) and item.metadata.get(REQUEST_KEY) == request_id


def made_by_volimage(item: Marked) -> bool:
    """Whether `item` carries a volimage request id at all: volimage made it, for some request."""
    return bool(item.metadata.get(REQUEST_KEY))


def image_made_by_volimage(image: Image) -> bool:
    """Whether volimage made `image`: it carries both volimage's tag and its `volimage_sources` property. Nova's
    snapshot of a server booted from a placeholder inherits the property but never the tags (Glance does not copy
    tags), so the property alone proves nothing."""
    return MARKER_TAG in image.tags and MARKER_PROPERTY in image.properties


def only_made_by(items: Iterable[M], request_id: str) -> list[M]:
    """The items of a listing that are provably the request's; the rest belong to someone else."""
    return [item for item in items if made_by(item, request_id)]
