"""Demo data that looks like a real project: a few distributions' volumes, data disks, servers and snapshots.

Deterministic for a seed: ids come from the cloud's seeded generator and timestamps from a fixed start, one
step apart in creation order, so that two clouds with the same seed list the same rows in the same order.
`SimConfig.volumes` adds that many data volumes (and a snapshot of every tenth) for scale tests.

| module       | holds                                                        |
|--------------|--------------------------------------------------------------|
| `project.py` | `seed_cloud`: the demo project of every region, and the scale |
| `seeder.py`  | `Seeder`: one record of each kind, stamped and added          |
| `catalog.py` | the distributions' public images and the flavors              |
"""
