"""The one door to OpenStack: the only package that imports openstacksdk or keystoneauth1."""
