"""ICMS on AWS Chalice: the app, its middleware, its routes and its jobs. Nothing else lives here."""
# ruff: noqa: E402 - the imports follow pausing the garbage collector

import gc

# Importing the portal creates tens of thousands of objects that live as long as the container;
# the collector's passes over them while they are made slow the import (bench/cold_start.py).
# It runs again once the app is wired, and freeze() leaves those objects out of later passes.
gc.disable()

from chalice import ConvertToMiddleware

from chalicelib.jobs.handlers import jobs
from chalicelib.logs import logger
from chalicelib.web.application import Portal
from chalicelib.web.errors import framework_errors
from chalicelib.web.not_found import register_catch_all
from chalicelib.web.security import add_security_headers
from chalicelib.web.views import wire_routes

app = Portal(app_name="icms")
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context(clear_state=True)))
app.register_middleware(add_security_headers, "http")
app.register_middleware(framework_errors, "http")

wire_routes(app)  # each view's module is imported when its route is first asked for
app.register_blueprint(jobs)
register_catch_all(app)  # last: the route of last resort

gc.enable()
gc.freeze()
