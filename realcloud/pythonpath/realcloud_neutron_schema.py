"""Create Neutron's schema on sqlite from its own models, since its alembic migrations do not run on sqlite.

`neutron-db-manage stamp heads` afterwards records the schema as current. Run with the Neutron venv's Python:
`python -m realcloud_neutron_schema DATABASE_URL`.
"""

import sys

import sqlalchemy  # type: ignore[import-not-found,unused-ignore]
from neutron.db.migration.models import head  # type: ignore[import-not-found,unused-ignore]


def main(url: str) -> None:
    engine = sqlalchemy.create_engine(url)
    head.get_metadata().create_all(engine)
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
