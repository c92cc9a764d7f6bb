"""What every simulated service shares on the wire: errors, JSON bodies, microversions, pagination, routes."""
