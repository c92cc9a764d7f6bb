"""The simulated Glance; `api.py` declares the service and lists its modules."""
