"""A gunicorn entry point that hides gunicorn's own arguments from the OpenStack application it loads.

Keystone's, Neutron's and Nova's WSGI modules parse `sys.argv` with oslo.config and reject gunicorn's options, so
this module replaces the arguments (with REALCLOUD_WSGI_ARGV, a JSON list, e.g. Neutron's --config-file options)
before importing the application named by REALCLOUD_WSGI_APP ("module:attribute").
"""

import importlib
import json
import os
import sys

sys.argv = [sys.argv[0], *json.loads(os.environ.get("REALCLOUD_WSGI_ARGV", "[]"))]
_module_name, _, _attribute = os.environ["REALCLOUD_WSGI_APP"].partition(":")
application = getattr(importlib.import_module(_module_name), _attribute or "application")
