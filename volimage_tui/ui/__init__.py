"""The Textual UI; it imports `cloud` (and so openstacksdk) only inside workers, so the first paint never waits."""
