"""Modules copied onto every service process's PYTHONPATH: the sqlite locking fix and the gunicorn argv wrapper."""
