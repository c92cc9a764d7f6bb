"""The block device mapping keys volimage writes and reads agree with the ones its simulated Nova knows.

The core and the simulated cloud each keep their own list on purpose (a rule shared by both would prove nothing
about either), so this test, which may import both, is what keeps the two lists from drifting apart. Both follow
`nova/block_device.py`, where `get_image_mapping()` writes `bdm_new_fields` less `connection_info` into an image.
"""

from __future__ import annotations

from volimage_tui.core.decode import LEGACY_KEYS, NOVA_DB_KEYS
from volimage_tui.core.mapping import NOVA_MAPPING_KEYS
from volimage_tui.simcloud.compute import bdm
from volimage_tui.simcloud.compute.snapshot import MAPPING_KEYS


def test_the_core_writes_the_keys_nova_writes_into_an_image_mapping_in_the_same_order() -> None:
    assert NOVA_MAPPING_KEYS == MAPPING_KEYS
    assert len(NOVA_MAPPING_KEYS) == len(set(NOVA_MAPPING_KEYS)) == 19


def test_the_image_mapping_keys_are_novas_mapping_fields_without_connection_info() -> None:
    assert set(NOVA_MAPPING_KEYS) == bdm.NEW_FIELDS - {"connection_info"}


def test_the_core_tolerates_the_database_keys_nova_tolerates() -> None:
    assert NOVA_DB_KEYS == bdm.DB_ONLY_FIELDS


def test_the_core_reads_novas_legacy_keys_but_connection_info_which_no_image_carries() -> None:
    assert set(LEGACY_KEYS) == bdm.LEGACY_FIELDS - {"connection_info"}
