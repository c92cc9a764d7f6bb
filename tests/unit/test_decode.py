"""Reading placeholders back: Nova-made, ours, legacy and malformed (OPENSTACK.md sections 2.4 and 10)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from volimage_tui.core.decode import Maker, dangling, decode_image
from volimage_tui.core.models import Image
from volimage_tui.core.placeholder import BootSource, PlaceholderOptions, build_plan

from .factories import snapshot, volume


def image(properties: dict[str, str], tags: tuple[str, ...] = ()) -> Image:
    return Image(id="i-1", name="p", status="active", properties=properties, tags=tags)


def test_our_own_plan_decodes_to_its_entries() -> None:
    plan = build_plan(BootSource.from_snapshot(snapshot(), volume()), PlaceholderOptions(name="golden"))
    decoded = decode_image(image(dict(plan.properties), plan.tags))
    assert decoded.maker is Maker.VOLIMAGE
    assert decoded.problems == ()
    assert decoded.root is not None and decoded.root.snapshot_id == snapshot().id
    assert decoded.snapshot_ids == (snapshot().id,)


def test_a_nova_made_placeholder_is_recognised() -> None:
    mapping = [{"source_type": "snapshot", "destination_type": "volume", "boot_index": 0, "snapshot_id": "s1",
                "device_name": "/dev/vda", "volume_size": 20, "no_device": None, "tag": None}]  # fmt: skip
    properties = {"block_device_mapping": json.dumps(mapping), "bdm_v2": "True", "root_device_name": "/dev/vda",
                  "owner_project_name": "demo", "boot_roles": "member"}  # fmt: skip
    decoded = decode_image(image(properties))
    assert decoded.maker is Maker.NOVA and decoded.problems == ()


def test_an_ordinary_image_is_not_a_placeholder() -> None:
    assert not decode_image(image({"os_distro": "ubuntu"})).is_placeholder


def test_a_python_repr_mapping_is_reported_not_raised() -> None:
    decoded = decode_image(
        image({"block_device_mapping": "[{'boot_index': 0, 'snapshot_id': None}]", "bdm_v2": "True"})
    )
    assert any("Python repr" in problem.message for problem in decoded.problems)


def test_a_single_object_and_unknown_keys_are_reported() -> None:
    single = decode_image(image({"block_device_mapping": json.dumps({"boot_index": 0}), "bdm_v2": "True"}))
    assert any("single object" in problem.message for problem in single.problems)
    unknown = [{"source_type": "snapshot", "boot_index": 0, "snapshot_id": "s", "colour": "red"}]
    decoded = decode_image(
        image({"block_device_mapping": json.dumps(unknown), "bdm_v2": "True", "root_device_name": "vda"})
    )
    assert any("colour" in problem.message for problem in decoded.problems)


def test_a_mapping_without_a_root_is_the_silent_misboot() -> None:
    data_only = [{"source_type": "snapshot", "destination_type": "volume", "boot_index": -1, "snapshot_id": "s"}]
    decoded = decode_image(
        image({"block_device_mapping": json.dumps(data_only), "bdm_v2": "True", "root_device_name": "/dev/vda"})
    )
    assert any("boot_index 0" in problem.message for problem in decoded.problems)


def test_bdm_v2_false_still_means_v2_and_absent_means_legacy() -> None:
    mapping = json.dumps([{"snapshot_id": "s", "device_name": "/dev/vda", "source_type": "snapshot", "boot_index": 0}])
    assert not decode_image(
        image({"block_device_mapping": mapping, "bdm_v2": "False", "root_device_name": "/dev/vda"})
    ).legacy
    legacy = decode_image(
        image(
            {
                "block_device_mapping": json.dumps([{"snapshot_id": "s", "device_name": "vda"}]),
                "root_device_name": "vda",
            }
        )
    )
    assert legacy.legacy and legacy.root is not None and legacy.root.source_type == "snapshot"
    # a legacy mapping still boots: it informs, where an unreadable one blocks a launch
    assert [(problem.code, problem.blocks) for problem in legacy.problems] == [("legacy-mapping", False)]
    unreadable = decode_image(image({"block_device_mapping": "[{'snapshot_id': 's'}]", "bdm_v2": "True"}))
    assert [(problem.code, problem.blocks) for problem in unreadable.problems] == [("unreadable-mapping", True)]


def test_dangling_references_name_what_is_gone() -> None:
    plan = build_plan(BootSource.from_snapshot(snapshot(), volume()), PlaceholderOptions(name="golden"))
    decoded = decode_image(image(dict(plan.properties)))
    assert dangling(decoded, snapshot_ids=set(), volume_ids=set()) == [f"snapshot {snapshot().id}"]
    assert dangling(decoded, snapshot_ids={snapshot().id}, volume_ids=set()) == []


@given(st.text(max_size=200))
def test_decoding_never_raises_on_any_text(text: str) -> None:
    decode_image(image({"block_device_mapping": text, "bdm_v2": "True"}))


def test_nova_s_snapshot_of_a_server_booted_from_volimage_s_placeholder_is_nova_s() -> None:
    """Nova copies the base image's properties (`volimage_sources` too) into its snapshot, but not its tags."""
    inherited = {
        "volimage_sources": "snapshot:s1",
        "boot_roles": "member",
        "owner_project_name": "demo",
        "bdm_v2": "True",
        "block_device_mapping": "[]",
    }
    assert decode_image(Image(id="n", name="n", status="active", properties=inherited)).maker is Maker.NOVA
    ours = Image(id="v", name="v", status="active", properties=inherited, tags=("volimage",))
    assert decode_image(ours).maker is Maker.VOLIMAGE


def test_the_maker_labels_are_the_makers() -> None:
    """The UI lists the labels without decoding first; they must be the decoder's makers."""
    from volimage_tui.core.labels import MAKER_LABELS, maker_label

    assert tuple(maker_label(maker) for maker in Maker) == MAKER_LABELS
