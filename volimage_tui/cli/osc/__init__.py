"""`openstack placeholder ...`: volimage's commands inside python-openstackclient, on the same core and cloud layers.

This is the only package that imports osc-lib, cliff or openstackclient (the `volimage[osc]` extra). OSC imports
`plugin` and, for `openstack --help`, every command module at start-up, so none of them imports anything of
volimage at module level: the work is imported when a command runs.
"""
