"""The simulated Keystone v3, shared by every region (`keystone.py`)."""
