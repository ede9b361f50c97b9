"""The REST API under /api/v1/: one NinjaAPI, a Router per app."""

from functools import wraps

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as RuleError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from joinedup.api_support import NUL_REFUSED, ApiAuth, ErrorOut, NulRefusingParser
from joinedup.commissioning.api import router as commissioning_router
from joinedup.core.api import router as core_router
from joinedup.engagement.api import router as engagement_router
from joinedup.governance.api import router as governance_router
from joinedup.outcomes.api import router as outcomes_router
from joinedup.programme.api import router as programme_router

ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}


class JoinedUpApi(NinjaAPI):
    """The API, whose document also lists the errors that any operation may answer with."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document["components"]["schemas"].setdefault("ErrorOut", ErrorOut.model_json_schema())
        for operations in document["paths"].values():
            for operation in operations.values():
                for status, description in _errors(operation).items():
                    operation["responses"].setdefault(status, {"description": description, **ERROR})
        return document


def _errors(operation: dict) -> dict[int, str]:
    """A wrong token is refused everywhere; a body that is not JSON cannot be read; a missing
    record or page past the end is not found; input outside the documented schema is not valid."""
    where = {parameter["in"] for parameter in operation.get("parameters", [])}
    names = {parameter["name"] for parameter in operation.get("parameters", [])}
    errors = {401: "The API token is unknown, expired or revoked."}
    if "requestBody" in operation:
        errors[400] = "The body cannot be read as JSON."
    if "path" in where or "page" in names:
        errors[404] = "No such record that you may see, or no such page."
    if where or "requestBody" in operation:
        errors[422] = "The request is not valid."
    return errors


api = JoinedUpApi(
    title="Joined Up API",
    version="1",
    description=(
        "Read the partnership's public record and, with a personal API token "
        "(`Authorization: Bearer <token>`), what your organisation may see. "
        "Lists are paginated; errors are JSON with a `message`."
    ),
    auth=ApiAuth(),
    parser=NulRefusingParser(),
    urls_namespace="api",
)
api.add_router("/", core_router)
api.add_router("/", governance_router)
api.add_router("/", programme_router)
api.add_router("/", outcomes_router)
api.add_router("/", commissioning_router)
api.add_router("/", engagement_router)


def _refuse_nul_in_path(run):
    """Path parameters skip the parser, which refuses NUL in the rest: on PostgreSQL,
    `/api/v1/bodies/a%00b` was a server error."""

    @wraps(run)
    def checked(request: HttpRequest, **path):
        if any("\x00" in str(value) for value in path.values()):
            return _error(request, 422, NUL_REFUSED)
        return run(request, **path)

    return checked


api.add_decorator(_refuse_nul_in_path, mode="view")


def _error(request: HttpRequest, status: int, message: str, errors=None):
    body = {"message": message}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", [])[1:]),
            "message": error.get("msg"),
        }
        for error in exc.errors
    ]
    summary = "; ".join(f"{e['field'] or 'request'}: {e['message']}" for e in errors)
    return _error(request, 422, f"The request is not valid: {summary}", errors)


@api.exception_handler(RuleError)
def on_rule_error(request, exc: RuleError):
    """A service refused the request under the partnership's rules; nothing was changed."""
    errors = [
        {"field": "" if field == NON_FIELD_ERRORS else field, "message": message}
        for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items()
        for message in messages
    ]
    return _error(request, 422, " ".join(e["message"] for e in errors), errors)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc: AuthenticationError):
    message = exc.message if exc.message != "Unauthorized" else "Authentication is required."
    response = _error(request, 401, message)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return _error(request, 404, str(exc) or "Not found.")
