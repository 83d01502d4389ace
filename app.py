"""ICMS on AWS Chalice: the app, its middleware and its blueprints. Nothing else lives here."""
# ruff: noqa: E402 - the imports follow pausing the garbage collector

import gc

# Importing the portal creates some hundred thousand objects that live as long as the container;
# the collector's passes over them while they are made are a fifth of the import (bench/cold_start.py).
# It runs again once the app is wired, and freeze() leaves those objects out of later passes.
gc.disable()

from chalice import ConvertToMiddleware

from chalicelib.jobs.handlers import jobs
from chalicelib.logs import logger
from chalicelib.web.application import Portal
from chalicelib.web.auth import auth
from chalicelib.web.calendars import calendar_feeds
from chalicelib.web.court_calendar import registry_dates
from chalicelib.web.documents import documents
from chalicelib.web.filings import filing
from chalicelib.web.errors import framework_errors
from chalicelib.web.login import login
from chalicelib.web.firm_admin import firm_admin
from chalicelib.web.help import help_pages
from chalicelib.web.inbox import party_inbox
from chalicelib.web.kiosk import kiosk
from chalicelib.web.maintenance import maintenance_pages
from chalicelib.web.not_found import register_catch_all
from chalicelib.web.openapi import contract
from chalicelib.web.party import party
from chalicelib.web.payments import payments_web
from chalicelib.web.registry import registry
from chalicelib.web.registry_cases import registry_cases
from chalicelib.web.registry_filings import registry_filings
from chalicelib.web.registry_delivery import registry_delivery
from chalicelib.web.registry_firms import registry_firms
from chalicelib.web.registry_office import registry_office
from chalicelib.web.reschedule import date_changes
from chalicelib.web.security import add_security_headers
from chalicelib.web.service_hub import service_hub

app = Portal(app_name="icms")
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context(clear_state=True)))
app.register_middleware(add_security_headers, "http")
app.register_middleware(framework_errors, "http")

app.register_blueprint(auth)
app.register_blueprint(login)
app.register_blueprint(party)
app.register_blueprint(documents)
app.register_blueprint(filing)
app.register_blueprint(party_inbox)
app.register_blueprint(registry)
app.register_blueprint(registry_cases)
app.register_blueprint(registry_firms)
app.register_blueprint(firm_admin)
app.register_blueprint(registry_office)
app.register_blueprint(registry_filings)
app.register_blueprint(registry_delivery)
app.register_blueprint(kiosk)
app.register_blueprint(help_pages)
app.register_blueprint(maintenance_pages)
app.register_blueprint(date_changes)
app.register_blueprint(registry_dates)
app.register_blueprint(calendar_feeds)
app.register_blueprint(payments_web)
app.register_blueprint(service_hub)
app.register_blueprint(contract)
app.register_blueprint(jobs)
register_catch_all(app)  # last: the route of last resort

gc.enable()
gc.freeze()
