#!/usr/bin/env python3
"""Checks an OpenAPI 3.0 document (softpower's GET /api/openapi.json) against the rules of the
OpenAPI Specification 3.0.3 that a generator can break, and every Schema Object against JSON
Schema draft 4 (the dialect OpenAPI 3.0 extends) with Debian's python3-jsonschema.

    python3 scripts/openapi_check.py openapi.json     # exit 0: valid; 1: each fault on a line

Debian has no OpenAPI validator package, so the structural rules are checked here, each citing
the section of the specification (https://spec.openapis.org/oas/v3.0.3) it comes from.
Exit 3 when python3-jsonschema is missing.
"""

import json
import re
import sys

try:
    import jsonschema
except ImportError:  # the caller reports it as a skip, naming the package
    print("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(3)

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# Schema Object keywords of OAS 3.0 (section 4.7.24): JSON Schema's, less those it leaves out
# (const, examples, $schema, $id, patternProperties, dependencies, ...), plus its own.
SCHEMA_KEYWORDS = {
    "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
    "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf", "anyOf",
    "not", "items", "properties", "additionalProperties", "description", "format", "default",
    "nullable", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs", "example",
    "deprecated", "$ref",
}
TYPES = {"string", "number", "integer", "boolean", "array", "object"}

faults = []


def fault(where, what):
    faults.append(f"{where}: {what}")


def check_schema(where, schema):
    if not isinstance(schema, dict):
        fault(where, "a Schema Object must be an object")
        return
    if "$ref" in schema:
        if not re.fullmatch(r"#/components/schemas/[A-Za-z0-9._-]+", schema["$ref"]):
            fault(where, f"unresolvable $ref {schema['$ref']}")
        return
    for key in schema:
        if key not in SCHEMA_KEYWORDS and not key.startswith("x-"):
            fault(where, f"'{key}' is not a keyword of an OpenAPI 3.0 Schema Object")
    if "type" in schema and (not isinstance(schema["type"], str) or schema["type"] not in TYPES):
        fault(where, f"type must be one of {sorted(TYPES)} (a single string in 3.0)")
    if schema.get("type") == "array" and "items" not in schema:
        fault(where, "an array schema needs items (4.7.24)")
    if "enum" in schema and "default" in schema and schema["default"] not in schema["enum"]:
        fault(where, "the default is not one of the enum")
    for bound in ("minimum", "maximum"):
        if bound in schema and schema.get("type") not in ("integer", "number"):
            fault(where, f"{bound} on a schema that is not a number")
    if "minimum" in schema and "maximum" in schema and schema["minimum"] > schema["maximum"]:
        fault(where, "minimum is above maximum")
    plain = {k: v for k, v in schema.items() if not k.startswith("x-") and k not in
             ("nullable", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs",
              "example", "deprecated", "properties", "items", "additionalProperties",
              "allOf", "oneOf", "anyOf", "not")}
    try:
        jsonschema.Draft4Validator.check_schema(plain)
    except jsonschema.exceptions.SchemaError as e:
        fault(where, f"not a valid JSON Schema: {e.message}")
    if "default" in schema:
        try:
            jsonschema.Draft4Validator(plain).validate(schema["default"])
        except jsonschema.exceptions.ValidationError as e:
            fault(where, f"the default does not fit the schema: {e.message}")
    for name, sub in schema.get("properties", {}).items():
        check_schema(f"{where}.properties.{name}", sub)
    if isinstance(schema.get("items"), dict):
        check_schema(f"{where}.items", schema["items"])
    if isinstance(schema.get("additionalProperties"), dict):
        check_schema(f"{where}.additionalProperties", schema["additionalProperties"])
    for name in schema.get("required", []):
        if "properties" in schema and name not in schema["properties"]:
            fault(where, f"required '{name}' is not among the properties")


def check_content(where, content):
    if not isinstance(content, dict) or not content:
        fault(where, "content must map media types to Media Type Objects (4.7.10)")
        return
    for media, obj in content.items():
        if "/" not in media:
            fault(where, f"'{media}' is not a media type")
        if "schema" in obj:
            check_schema(f"{where}.{media}.schema", obj["schema"])


def check_operation(where, path, op, ids):
    if "responses" not in op or not op["responses"]:
        fault(where, "an Operation Object needs responses (4.7.10)")
    for code, response in op.get("responses", {}).items():
        if code != "default" and not re.fullmatch(r"[1-5](\d\d|XX)", code):
            fault(where, f"response key '{code}' is not a status code (4.7.16)")
        if not isinstance(response.get("description"), str):
            fault(f"{where}.responses.{code}", "a Response Object needs a description (4.7.17)")
        if "content" in response:
            check_content(f"{where}.responses.{code}.content", response["content"])
    operation_id = op.get("operationId")
    if operation_id is not None:
        if operation_id in ids:
            fault(where, f"operationId '{operation_id}' is not unique (4.7.10)")
        ids.add(operation_id)
    templated = set(re.findall(r"\{([^}]+)\}", path))
    declared = set()
    for p in op.get("parameters", []):
        if p.get("in") not in ("query", "header", "path", "cookie"):
            fault(where, f"parameter {p.get('name')}: 'in' must be query, header, path or cookie")
        if not isinstance(p.get("name"), str):
            fault(where, "a Parameter Object needs a name (4.7.12)")
        if p.get("in") == "path":
            declared.add(p.get("name"))
            if p.get("required") is not True:
                fault(where, f"path parameter {p.get('name')} must be required (4.7.12)")
        if ("schema" in p) == ("content" in p):
            fault(where, f"parameter {p.get('name')}: exactly one of schema and content")
        if "schema" in p:
            check_schema(f"{where}.parameters.{p.get('name')}", p["schema"])
    if templated != declared:
        fault(where, f"path parameters {sorted(declared)} do not match the template {path}")
    if "requestBody" in op:
        check_content(f"{where}.requestBody.content", op["requestBody"].get("content"))
    for requirement in op.get("security", []):
        for scheme in requirement:
            if scheme not in DOCUMENT.get("components", {}).get("securitySchemes", {}):
                fault(where, f"security scheme '{scheme}' is not declared (4.7.30)")


def check(document):
    if not re.fullmatch(r"3\.0\.\d+", str(document.get("openapi", ""))):
        fault("openapi", "must be a 3.0.x version (4.7.1)")
    info = document.get("info", {})
    for field in ("title", "version"):
        if not isinstance(info.get(field), str):
            fault("info", f"needs {field} (4.7.2)")
    paths = document.get("paths")
    if not isinstance(paths, dict):
        fault("paths", "required (4.7.1)")
        return
    ids = set()
    for path, item in paths.items():
        if not path.startswith("/"):
            fault(path, "a path must begin with / (4.7.8)")
        for method, op in item.items():
            if method not in METHODS and not method.startswith("x-"):
                fault(path, f"'{method}' is not an HTTP method of a Path Item (4.7.9)")
                continue
            check_operation(f"{method.upper()} {path}", path, op, ids)
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        check_schema(f"components.schemas.{name}", schema)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        DOCUMENT = json.load(f)
    check(DOCUMENT)
    for line in faults:
        print(line)
    sys.exit(1 if faults else 0)
