"""One error shape for every 4xx answer of the API:

``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "string_type": _("Enter a text value."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "decimal_parsing": _("Enter a number."),
        "decimal_type": _("Enter a number."),
        "decimal_max_digits": _("Enter a smaller number."),
        "decimal_max_places": _("Enter at most two decimal places."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "uuid_parsing": _("Enter a valid id."),
        "uuid_type": _("Enter a valid id."),
        "date_from_datetime_parsing": _("Enter a date in the form YYYY-MM-DD."),
        "date_parsing": _("Enter a date in the form YYYY-MM-DD."),
        "date_type": _("Enter a date in the form YYYY-MM-DD."),
        "json_invalid": _("The request body is not valid JSON."),
        "extra_forbidden": _("This field is not allowed."),
        "list_type": _("Enter a list."),
        "enum": _("Choose one of: %(expected)s.") % {"expected": ctx.get("expected", "")},
        "literal_error": _("Choose one of: %(expected)s.") % {"expected": ctx.get("expected", "")},
        "string_too_long": _("Enter at most %(max)s characters.")
        % {"max": ctx.get("max_length", "")},
        "string_too_short": _("Enter at least %(min)s characters.")
        % {"min": ctx.get("min_length", "")},
        "greater_than_equal": _("Enter a value of at least %(ge)s.") % {"ge": ctx.get("ge", "")},
        "less_than_equal": _("Enter a value of at most %(le)s.") % {"le": ctx.get("le", "")},
    }
    return messages.get(kind, str(error.get("msg", _("This value is not valid."))))


def _field_name(loc: Any) -> str | None:
    parts = [str(p) for p in (loc or [])]
    # ninja puts the location first ("body", "query", "path") and, for a body
    # schema, the parameter name next: drop both so clients see field names.
    if parts and parts[0] in {"body", "query", "path", "header", "form", "cookie"}:
        parts = parts[1:]
        if parts and parts[0] in {"payload", "filters", "data"}:
            parts = parts[1:]
    return ".".join(parts) or None


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(e.get("loc")), "message": _pydantic_message(e)}
            for e in exc.errors
        ]
        return error_response(api, request, 422, _("The request is not valid."), errors)

    @api.exception_handler(DjangoValidationError)
    def _domain_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors: list[dict[str, Any]] = []
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                name = None if field == "__all__" else field
                errors.extend({"field": name, "message": m} for m in messages)
        else:
            errors.extend({"field": None, "message": m} for m in exc.messages)
        return error_response(api, request, 422, _("The request is not valid."), errors)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(
            api,
            request,
            401,
            _("Authentication required: send the header Authorization: Bearer <token>."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(
            api, request, 403, str(exc) or _("You do not have permission to do this.")
        )
