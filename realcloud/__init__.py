"""A real OpenStack (Keystone, Glance, Cinder, Placement, Nova, Neutron, RabbitMQ) on 127.0.0.1 for conformance tests.

The simulated cloud cannot prove itself; this package installs the real services from PyPI into cached virtualenvs,
starts them on sqlite with fake compute and volume drivers, and stops exactly the processes it started.

Commands (`.venv/bin/python -m realcloud COMMAND`):
  install                 each service into ${XDG_CACHE_HOME:-~/.cache}/volimage-realcloud/venvs/, RabbitMQ via apt
  up [--state-dir DIR]    start a cloud in a fresh folder and wait until a server can be booted
  status                  what runs, where, and the environment to use it
  down [--keep]           stop what `up` started (verified by PID), remove the state folder
  run [--keep] -- CMD...  install, up, CMD, down (always); exits with CMD's code

What CMD (or a user after `up`) gets:
  OS_CLIENT_CONFIG_FILE   <state>/clouds.yaml with clouds `realcloud` (a member+reader user in a project of its own)
                          and `realcloud-admin` (the bootstrap admin), password auth, region RegionOne
  VOLIMAGE_REALCLOUD      <state>/realcloud.json, no passwords: state_dir, clouds_yaml, cloud, admin_cloud, region,
                          username, project_name, project_id, endpoints (service type -> URL), logs (process -> path)

Servers must boot with `"networks": "none"` at compute microversion 2.37+ (no port can bind), and volumes hold no
data (Cinder's fake driver); see the shared REALCLOUD notes for what the real services do.
"""
