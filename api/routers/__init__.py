"""REST routers for professionals, one per resource, all under /api/v1.

`base.new_router` makes a resource's router; `registry.all_routers` lists them for the app. Kept
out of this file so that a router module and the list of routers do not import each other.
"""
