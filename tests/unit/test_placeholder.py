"""The placeholder plan and its mapping, as Nova writes them (OPENSTACK.md sections 1.2 and 8)."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from volimage_tui.core.checks import check_plan
from volimage_tui.core.mapping import NOVA_MAPPING_KEYS, SourceKind
from volimage_tui.core.placeholder import (
    MARKER_PROPERTY,
    MARKER_TAG,
    NEW_SNAPSHOT,
    BootSource,
    ExtraDisk,
    PlaceholderOptions,
    build_plan,
)

from .factories import in_use_volume, snapshot, volume

SNAPSHOT_SOURCE = BootSource.from_snapshot(snapshot(), volume())


def codes(plan_checks: list) -> set[str]:  # type: ignore[type-arg]
    return {check.code for check in plan_checks}


def test_a_snapshot_plan_writes_one_nova_style_root_entry() -> None:
    plan = build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="golden"))
    (entry,) = json.loads(plan.properties["block_device_mapping"])
    assert tuple(entry) == NOVA_MAPPING_KEYS
    assert entry["source_type"] == "snapshot" and entry["destination_type"] == "volume"
    assert entry["snapshot_id"] == snapshot().id and entry["volume_id"] is None
    assert entry["boot_index"] == 0 and isinstance(entry["boot_index"], int)
    assert "uuid" not in entry
    assert entry["volume_size"] == 20
    assert entry["device_name"] == "/dev/vda"
    assert entry["delete_on_termination"] is True


def test_the_image_body_is_raw_bare_and_never_sends_size() -> None:
    body = build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="golden")).image_body()
    assert body["disk_format"] == "raw" and body["container_format"] == "bare"
    assert "size" not in body and "status" not in body
    assert body["bdm_v2"] == "True" and body["root_device_name"] == "/dev/vda"
    assert body["visibility"] == "private"
    assert MARKER_TAG in body["tags"]
    assert body[MARKER_PROPERTY] == f"snapshot:{snapshot().id}"


def test_carried_properties_keep_hardware_keys_and_drop_what_nova_strips() -> None:
    plan = build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="golden"))
    assert plan.carried == {"hw_disk_bus": "virtio", "hw_machine_type": "q35", "os_distro": "ubuntu"}
    for stripped in ("image_id", "checksum", "signature_verified", "os_glance_importing_to_stores", "img_signature"):
        assert stripped not in plan.properties
    assert plan.min_ram == 512 and plan.min_disk == 10


def test_only_the_chosen_carried_properties_are_kept() -> None:
    options = PlaceholderOptions(name="golden", keep_properties=frozenset({"os_distro"}))
    assert build_plan(SNAPSHOT_SOURCE, options).carried == {"os_distro": "ubuntu"}


def test_a_volume_snapshotted_first_maps_the_new_snapshot_and_warns_when_in_use() -> None:
    plan = build_plan(BootSource.from_volume(in_use_volume()), PlaceholderOptions(name="golden"))
    assert plan.snapshot_first
    assert plan.root.source is SourceKind.SNAPSHOT and plan.root.source_id == NEW_SNAPSHOT
    assert codes(check_plan(plan)) == {"in-use-snapshot"}
    made = plan.with_snapshot("11111111-2222-4333-8444-555555555555")
    assert (
        json.loads(made.properties["block_device_mapping"])[0]["snapshot_id"] == "11111111-2222-4333-8444-555555555555"
    )
    assert not made.snapshot_first


def test_a_volume_source_is_single_use_and_keeps_the_users_volume_by_default() -> None:
    plan = build_plan(BootSource.from_volume(volume()), PlaceholderOptions(name="direct", snapshot_first=False))
    (entry,) = json.loads(plan.properties["block_device_mapping"])
    assert entry["volume_id"] == volume().id and entry["snapshot_id"] is None
    assert entry["delete_on_termination"] is False
    found = check_plan(plan)
    assert codes(found) == {"single-use"}
    assert not any(check.blocks for check in found)


def test_delete_on_termination_on_a_volume_source_warns_that_it_deletes_the_volume() -> None:
    options = PlaceholderOptions(name="direct", snapshot_first=False, delete_on_termination=True)
    assert "deletes-source" in codes(check_plan(build_plan(BootSource.from_volume(volume()), options)))


def test_an_in_use_volume_cannot_be_used_directly() -> None:
    options = PlaceholderOptions(name="direct", snapshot_first=False)
    found = check_plan(build_plan(BootSource.from_volume(in_use_volume()), options))
    assert "volume-in-use" in codes(found) and any(check.blocks for check in found)


def test_a_size_below_the_source_blocks() -> None:
    found = check_plan(build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="g", volume_size=10)))
    (check,) = [c for c in found if c.code == "size-below-source"]
    assert check.blocks and "20 GiB" in check.message


def test_a_snapshot_still_creating_warns_and_an_errored_one_blocks() -> None:
    creating = BootSource.from_snapshot(snapshot(status="creating"), volume())
    assert codes(check_plan(build_plan(creating, PlaceholderOptions(name="g")))) == {"snapshot-creating"}
    failed = BootSource.from_snapshot(snapshot(status="error"), volume())
    assert "source-unavailable" in codes(check_plan(build_plan(failed, PlaceholderOptions(name="g"))))


def test_an_unknown_volume_type_blocks_when_the_types_are_known() -> None:
    plan = build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="g", volume_type="gold"))
    assert "volume-type" in codes(check_plan(plan, volume_types={"__DEFAULT__", "ssd"}))
    assert "volume-type" not in codes(check_plan(plan, volume_types={"gold"}))


def test_bad_names_disk_bus_and_device_type_block() -> None:
    plan = build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="bad\x1b[2Jname", disk_bus="nvme0", device_type="tape"))
    assert {"name-control", "disk-bus", "device-type"} <= codes(check_plan(plan))
    assert "name-empty" in codes(check_plan(build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="  "))))
    assert "name-too-long" in codes(check_plan(build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="x" * 256))))


def test_too_many_carried_properties_block() -> None:
    crowded = volume(image_metadata={f"hw_key_{n}": "x" for n in range(130)})
    plan = build_plan(BootSource.from_snapshot(snapshot(), crowded), PlaceholderOptions(name="g"))
    assert "too-many-properties" in codes(check_plan(plan))


def test_extra_disks_follow_the_root_as_data_devices() -> None:
    extras = (
        ExtraDisk(kind=SourceKind.SNAPSHOT, size=200, source_id="aaaaaaaa-0000-4000-8000-000000000001"),
        ExtraDisk(kind=SourceKind.BLANK, size=5),
    )
    plan = build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="g", extra_disks=extras))
    root, data, blank = json.loads(plan.properties["block_device_mapping"])
    assert [root["boot_index"], data["boot_index"], blank["boot_index"]] == [0, -1, -1]
    assert [data["device_name"], blank["device_name"]] == ["/dev/vdb", "/dev/vdc"]
    assert blank["source_type"] == "blank" and blank["volume_size"] == 5
    assert "snapshot:aaaaaaaa-0000-4000-8000-000000000001" in plan.properties[MARKER_PROPERTY]


sizes = st.integers(min_value=1, max_value=4096)
names = st.text(min_size=1, max_size=80).filter(lambda text: text.strip() != "")
metadata = st.dictionaries(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_:", min_size=1, max_size=30), st.text(max_size=40), max_size=20
)


@given(
    source_size=sizes,
    extra=st.integers(min_value=0, max_value=100),
    name=names,
    meta=metadata,
    delete=st.none() | st.booleans(),
    extra_disks=st.lists(sizes, max_size=4),
)
def test_every_plan_has_one_root_sizes_at_least_the_source_and_only_string_properties(
    source_size: int, extra: int, name: str, meta: dict[str, str], delete: bool | None, extra_disks: list[int]
) -> None:
    source = BootSource.from_snapshot(snapshot(size=source_size), volume(size=source_size, image_metadata=meta))
    options = PlaceholderOptions(
        name=name,
        volume_size=source_size + extra,
        delete_on_termination=delete,
        extra_disks=tuple(ExtraDisk(kind=SourceKind.BLANK, size=size) for size in extra_disks),
    )
    plan = build_plan(source, options)
    entries = json.loads(plan.properties["block_device_mapping"])
    assert [entry["boot_index"] for entry in entries].count(0) == 1
    assert entries[0]["volume_size"] >= source_size
    assert all(isinstance(value, str) for value in plan.properties.values())
    assert all(set(entry) == set(NOVA_MAPPING_KEYS) for entry in entries)
    assert len({entry["device_name"] for entry in entries}) == len(entries)
    assert plan.min_disk <= entries[0]["volume_size"]
    body = plan.image_body()
    assert json.loads(json.dumps(body)) == body


def test_an_attached_volume_is_refused_as_a_data_disk_even_when_its_status_says_available() -> None:
    """A multi-attach volume stays 'available' while attached; the command line and the form refuse it alike."""
    from .factories import in_use_volume

    attached = replace(in_use_volume(), id="aaaaaaaa-0000-4000-8000-000000000009", status="available")
    disk = ExtraDisk.from_volume(attached)
    assert (disk.status, disk.delete_on_termination) == ("in-use", False)
    plan = build_plan(SNAPSHOT_SOURCE, PlaceholderOptions(name="g", extra_disks=(disk,)))
    assert "extra-unavailable" in codes(check_plan(plan))


def test_a_volume_snapshotted_first_names_its_snapshot_as_the_source_in_the_preview_and_once_made() -> None:
    """The preview's properties are the request's: the marker names what the mapping boots from."""
    plan = build_plan(BootSource.from_volume(volume()), PlaceholderOptions(name="g"))
    assert plan.properties[MARKER_PROPERTY] == f"snapshot:{NEW_SNAPSHOT}"
    made = plan.with_snapshot("bbbbbbbb-0000-4000-8000-000000000002")
    assert made.properties[MARKER_PROPERTY] == "snapshot:bbbbbbbb-0000-4000-8000-000000000002"
