"""The simulated Neutron; `api.py` declares the service and lists its modules."""
