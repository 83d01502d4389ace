"""ICMS on AWS Chalice: the app, its middleware and its blueprints. Nothing else lives here."""

from chalice import ConvertToMiddleware

from chalicelib.jobs.handlers import jobs
from chalicelib.logs import logger
from chalicelib.web.application import Portal
from chalicelib.web.auth import auth
<<<<<<< HEAD
from chalicelib.web.documents import documents
=======
from chalicelib.web.errors import framework_errors
>>>>>>> 66fa601 (OpenAPI 3.1 contract from the route table and models, at /api/openapi.json and /docs/api; unknown URLs get the portal's 404; moto serves one request at a time; the edge redirects to the public origin)
from chalicelib.web.login import login
from chalicelib.web.firm_admin import firm_admin
from chalicelib.web.help import help_pages
from chalicelib.web.kiosk import kiosk
<<<<<<< HEAD
from chalicelib.web.maintenance import maintenance_pages
=======
from chalicelib.web.not_found import register_catch_all
from chalicelib.web.openapi import contract
>>>>>>> 66fa601 (OpenAPI 3.1 contract from the route table and models, at /api/openapi.json and /docs/api; unknown URLs get the portal's 404; moto serves one request at a time; the edge redirects to the public origin)
from chalicelib.web.party import party
from chalicelib.web.registry import registry
from chalicelib.web.registry_firms import registry_firms
from chalicelib.web.registry_office import registry_office
from chalicelib.web.security import add_security_headers

app = Portal(app_name="icms")
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context(clear_state=True)))
app.register_middleware(add_security_headers, "http")
app.register_middleware(framework_errors, "http")

app.register_blueprint(auth)
app.register_blueprint(login)
app.register_blueprint(party)
app.register_blueprint(documents)
app.register_blueprint(registry)
app.register_blueprint(registry_firms)
app.register_blueprint(firm_admin)
app.register_blueprint(registry_office)
app.register_blueprint(kiosk)
<<<<<<< HEAD
app.register_blueprint(help_pages)
app.register_blueprint(maintenance_pages)
=======
app.register_blueprint(contract)
>>>>>>> 66fa601 (OpenAPI 3.1 contract from the route table and models, at /api/openapi.json and /docs/api; unknown URLs get the portal's 404; moto serves one request at a time; the edge redirects to the public origin)
app.register_blueprint(jobs)
register_catch_all(app)  # last: the route of last resort
