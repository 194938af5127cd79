"""The JSON Schema of claimx's output (schema_version 1), printed by `claimx schema`."""

from claimx.records import SCHEMA_VERSION

_INT = {"type": "integer", "minimum": 0}
_NULLABLE_STR = {"type": ["string", "null"]}


def _span(extra=None, required_extra=()):
    props = {"text": {"type": "string"}, "start": _INT, "end": _INT}
    props.update(extra or {})
    return {"type": "object", "properties": props, "additionalProperties": False,
            "required": ["text", "start", "end", *required_extra]}


def _nullable(schema):
    return {"oneOf": [{"type": "null"}, schema]}


ACTION_CLASSES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                  "ASSAULT", "STATEMENT", None]

CLAIM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "within", "type", "actor", "action", "content", "target", "date",
                 "sentence"],
    "properties": {
        "id": _INT,
        "within": {"oneOf": [{"type": "null"}, _INT]},
        "type": {"enum": ["statement", "event"]},
        "actor": _nullable(_span({"member": _NULLABLE_STR}, ["member"])),
        "action": _span({
            "lemma": {"type": "string"},
            "class": {"enum": ACTION_CLASSES},
            "negated": {"type": "boolean"},
            "mode": _NULLABLE_STR,
            "modality": {"enum": ["asserted", "reported", "future", "hypothetical", "denied"]},
        }, ["lemma", "class", "negated", "mode", "modality"]),
        "content": _nullable(_span({
            "direct": {"type": "boolean"},
            "fragments": {"type": "array", "minItems": 1, "items": _span()},
        }, ["direct", "fragments"])),
        "target": _nullable(_span({"party": _NULLABLE_STR, "code": _NULLABLE_STR}, ["party", "code"])),
        "date": _nullable(_span({
            "value": _NULLABLE_STR,
            "granularity": {"enum": ["day", "month", "year", "range", None]},
            "scope": {"enum": ["clause", "sentence", "event"]},
        }, ["value", "granularity", "scope"])),
        "sentence": _nullable({"type": "object", "additionalProperties": False,
                               "required": ["start", "end"],
                               "properties": {"start": _INT, "end": _INT}}),
    },
}

PARTY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "kind", "code", "sector", "aliases", "members", "claims"],
    "properties": {
        "name": {"type": "string"},
        "kind": {"enum": ["country", "organization", "person", "group", "unknown"]},
        "code": _NULLABLE_STR,
        "sector": _NULLABLE_STR,
        "aliases": {"type": "array", "items": {"type": "string"}},
        "members": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["name", "kind", "role", "sector"],
            "properties": {"name": {"type": "string"},
                           "kind": {"enum": ["person", "organization", "group"]},
                           "role": _NULLABLE_STR, "sector": _NULLABLE_STR}}},
        "claims": {"type": "array", "items": CLAIM},
    },
}

RESULT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "claimx result",
    "description": "The claims of one input document, grouped per party.",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema_version", "source", "title", "reference_date", "reference_date_source",
                 "parties", "errors"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "source": {"type": "string"},
        "id": {"type": ["string", "integer"],
               "description": "the JSON Lines record's id (--id-key); absent for other inputs"},
        "meta": {"type": "object",
                 "description": "the fields of a JSON Lines record named by --keep (null where "
                                "the record lacks one); absent without --keep"},
        "title": _NULLABLE_STR,
        "reference_date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "reference_date_source": {"enum": ["option", "published_line", "header", "metadata", None]},
        "parties": {"type": "array", "items": PARTY},
        "errors": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["type", "message"],
            "properties": {"type": {"enum": ["not_found", "empty", "binary", "encoding", "too_long",
                                             "unreadable", "not_json", "no_text",
                                             "internal"]},
                           "message": {"type": "string"}}}},
    },
}
