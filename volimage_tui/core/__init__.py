"""volimage's pure domain: plain data and rules. No I/O; imports neither textual, rich nor openstack."""
