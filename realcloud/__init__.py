"""A real OpenStack (Keystone, Glance, Cinder, Placement, Nova, Neutron, RabbitMQ) on 127.0.0.1 for conformance tests.

The simulated cloud cannot prove itself; this package installs the real services from PyPI into cached virtualenvs,
starts them on sqlite with fake compute and volume drivers, and stops exactly the processes it started.
"""
