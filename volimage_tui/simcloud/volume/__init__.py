"""The simulated Cinder; `api.py` declares the service and lists its modules."""
