"""The values Nova and Glance accept for the options volimage offers.

Plain tuples in a module of their own: the command line's grammar and the UI's form offer them as choices without
loading the planning code.
"""

DISK_BUSES: tuple[str, ...] = ("virtio", "scsi", "sata", "ide", "usb", "fdc", "xen", "lxc", "uml")
"""Nova's `DiskBus.ALL`; anything else fails the boot with only a generic message (S14)."""

DEVICE_TYPES: tuple[str, ...] = ("disk", "cdrom", "floppy", "fs", "lun")
"""Nova's `BlockDeviceType`; anything else is an error inside nova-api."""

VISIBILITIES: tuple[str, ...] = ("private", "shared", "community", "public")
"""Glance's image visibilities."""

SHARED_VISIBILITIES: frozenset[str] = frozenset({"shared", "community", "public"})
"""The visibilities that let other projects see (and try to boot) an image."""
