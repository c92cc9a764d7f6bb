"""Give a fresh cloud what a real one has: service users, a member in a project of its own, a catalog, m1.tiny."""

from typing import Any

import yaml

from .api import Session
from .plan import (
    ADMIN_CLOUD,
    MEMBER_CLOUD,
    MEMBER_PROJECT,
    MEMBER_USER,
    REGION,
    SERVICE_PROJECT,
    SERVICE_USERS,
    Plan,
    write_private,
)

# (service type, service name) for every catalog entry besides Keystone's own, which `keystone-manage bootstrap`
# made. Cinder is listed under both `block-storage` (what openstacksdk looks for) and `volumev3` (what Nova's
# [cinder] catalog_info and older clients look for).
CATALOG = (
    ("image", "glance"),
    ("block-storage", "cinder"),
    ("volumev3", "cinderv3"),
    ("compute", "nova"),
    ("placement", "placement"),
    ("network", "neutron"),
)
INTERFACES = ("public", "internal", "admin")


def admin_session(plan: Plan) -> Session:
    return Session(plan.keystone_url, "admin", plan.passwords["admin"], "admin")


def member_session(plan: Plan) -> Session:
    return Session(plan.keystone_url, MEMBER_USER, plan.passwords["member"], MEMBER_PROJECT)


def _by_name(admin: Session, collection: str) -> dict[str, str]:
    body = admin.ok("GET", f"{admin.keystone_url}/{collection}")
    return {item["name"]: item["id"] for item in body[collection]}


def _ensure(admin: Session, collection: str, singular: str, fields: dict[str, Any]) -> str:
    existing = _by_name(admin, collection)
    if fields["name"] in existing:
        return existing[fields["name"]]
    return str(admin.ok("POST", f"{admin.keystone_url}/{collection}", {singular: fields})[singular]["id"])


def identity(plan: Plan) -> None:
    """Roles, projects, users and the catalog; records the ids tests need in `plan.ids`."""
    admin = admin_session(plan)
    url = admin.keystone_url
    roles = {name: _ensure(admin, "roles", "role", {"name": name}) for name in ("admin", "member", "reader", "service")}
    service_project = _ensure(admin, "projects", "project", {"name": SERVICE_PROJECT, "domain_id": "default"})
    member_project = _ensure(admin, "projects", "project", {"name": MEMBER_PROJECT, "domain_id": "default"})

    def user(name: str, password: str, project: str, role_names: tuple[str, ...]) -> str:
        fields = {"name": name, "password": password, "domain_id": "default", "default_project_id": project}
        user_id = _ensure(admin, "users", "user", fields)
        for role in role_names:
            admin.ok("PUT", f"{url}/projects/{project}/users/{user_id}/roles/{roles[role]}")
        return user_id

    # Service users validate tokens (keystonemiddleware) and send service tokens, which need the `service` role.
    for name in SERVICE_USERS:
        user(name, plan.passwords[name], service_project, ("admin", "service"))
    member_user = user(MEMBER_USER, plan.passwords["member"], member_project, ("member", "reader"))

    services = {item["type"]: item["id"] for item in admin.ok("GET", f"{url}/services")["services"]}
    endpoints = plan.endpoints()
    for service_type, name in CATALOG:
        service_id = (
            services.get(service_type)
            or admin.ok("POST", f"{url}/services", {"service": {"type": service_type, "name": name, "enabled": True}})[
                "service"
            ]["id"]
        )
        for interface in INTERFACES:
            endpoint = {
                "service_id": service_id,
                "interface": interface,
                "region_id": REGION,
                "url": endpoints[service_type],
            }
            admin.ok("POST", f"{url}/endpoints", {"endpoint": endpoint})
    admin.login()  # the admin project's id, from a token issued after the catalog exists
    plan.ids.update(
        admin_project_id=admin.project_id,
        service_project_id=service_project,
        member_project_id=member_project,
        member_user_id=member_user,
    )


def flavor(plan: Plan) -> None:
    """m1.tiny (1 vCPU, 512 MB, 1 GB disk): what the tests boot with; the fake driver has room for many."""
    admin = admin_session(plan)
    compute = plan.endpoints()["compute"]
    reply = admin.call("GET", f"{compute}/flavors/1")
    if reply.status == 200:
        return
    body = {"flavor": {"name": "m1.tiny", "id": "1", "vcpus": 1, "ram": 512, "disk": 1}}
    admin.ok("POST", f"{compute}/flavors", body)


def clouds_yaml(plan: Plan) -> None:
    """An ordinary clouds.yaml with password auth: the member user as `realcloud`, the admin as `realcloud-admin`."""

    def cloud(username: str, password: str, project: str) -> dict[str, Any]:
        return {
            "auth": {
                "auth_url": plan.keystone_url,
                "username": username,
                "password": password,
                "project_name": project,
                "user_domain_name": "Default",
                "project_domain_name": "Default",
            },
            "region_name": REGION,
            "interface": "public",
            "identity_api_version": 3,
        }

    clouds = {
        "clouds": {
            MEMBER_CLOUD: cloud(MEMBER_USER, plan.passwords["member"], MEMBER_PROJECT),
            ADMIN_CLOUD: cloud("admin", plan.passwords["admin"], "admin"),
        }
    }
    write_private(plan.clouds_yaml, yaml.safe_dump(clouds, sort_keys=False))
