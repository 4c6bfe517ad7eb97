"""The JSON API under /api/v1/ (django-ninja): one module per resource, each endpoint thin over one service
or selector; its OpenAPI schema at /api/v1/openapi.json and its documentation page at /api/v1/docs (swagger-ui
from our own static files: no CDN, no inline script)."""
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from portal.api import attempts, auth, classrooms, content, errors, learning, students

ERROR_RESPONSES = {
    "400": "the body is not JSON", "401": "no valid token", "403": "a read token on a write operation",
    "404": "not found (or another school's)", "413": "the body is too large", "422": "a value is refused",
}


class Api(NinjaAPI):
    """Operation ids are the endpoints' function names; every operation documents the errors it may answer."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        schema["components"]["schemas"].setdefault("ErrorOut", errors.ERROR_SCHEMA)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for status, description in ERROR_RESPONSES.items():
                    operation["responses"].setdefault(status, {"description": description, **error})
        return schema


api = Api(
    title="Learning portal API", version="1", urls_namespace="api-v1", auth=auth.read,
    description="A school's roster, content, attempts, mastery and plans. Every request carries "
                "`Authorization: Bearer <token>`: a token of one school, read or write, made by staff "
                "(staff page *API tokens*, or the admin). Objects of another school are not found (404).",
    docs=Swagger(settings={"persistAuthorization": False}), docs_url="/docs", openapi_url="/openapi.json",
)
errors.install(api)
for module in (students, classrooms, content, attempts, learning):
    api.add_router("/", module.router)
