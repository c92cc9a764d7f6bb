"""volimage: make and launch OpenStack placeholder images from Cinder volumes and snapshots.

The package root imports nothing, so that `import volimage_tui.<part>` loads only that part.
"""

__version__ = "0.1.0"
