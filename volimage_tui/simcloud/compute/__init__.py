"""The simulated Nova; `api.py` declares the service and lists its modules."""
