"""OpenAPI post-processing: every operation documents the error answers every endpoint can give."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for a refusal; for a 400, each field maps to its messages "
                   "(`non_field_errors` for the rest).",
    "additionalProperties": True,
}
ERRORS = {
    "400": "Bad input: field errors.",
    "401": "Not authenticated (no, unknown or revoked token).",
    "403": "Authenticated, but not allowed to do this to this object.",
    "404": "No such object, or not one this user may know about.",
    "413": "The request body is too large.",
    "415": "Unsupported media type.",
    "429": "Too many requests for this token; retry after the Retry-After seconds.",
}
METHODS = {"get", "put", "patch", "post", "delete"}


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {"description": description,
                                            "content": {"application/json": {"schema": ref}}})
    return result
