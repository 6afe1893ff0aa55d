"""Kit files (docs/kit-format.md): one role's whole configuration as YAML, in and out."""

from rubrics.kits.services import ImportedKit, export_kit, import_kit, publish_role
from rubrics.kits.validation import FORMAT, KitError, parse_kit, validate_kit

__all__ = ["FORMAT", "ImportedKit", "KitError", "export_kit", "import_kit", "parse_kit", "publish_role",
           "validate_kit"]
