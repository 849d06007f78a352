"""The assessment workbook: XLSX (and CSV) out, validated lines back in.

- `sheets`: the two sheets of lines, their columns and the header texts accepted back;
- `writing`: the XLSX workbook and the per-sheet CSV (pure: lines in, bytes out);
- `reading`: an upload's tables mapped to the line forms, row by row;
- `preview`: an import's preview (valid lines or every problem), kept until confirmed;
- `selectors` and `services`: what the capture views call (an assessment's workbook to
  download; an upload previewed, then confirmed).

The names below are the package's public face for tests and benchmarks; views import
only `selectors` and `services`.
"""

from assessments.capture.workbook.preview import (
    ImportPreview,
    SheetPreview,
    import_preview,
    payload_validate,
    preview_payload,
)
from assessments.capture.workbook.sheets import (
    BF_SHEET,
    IT_SHEET,
    SHEETS,
    XLSX_CONTENT_TYPE,
    SheetSpec,
    column_label,
)
from assessments.capture.workbook.writing import sheet_csv_build, workbook_build

__all__ = [
    "BF_SHEET",
    "IT_SHEET",
    "SHEETS",
    "XLSX_CONTENT_TYPE",
    "ImportPreview",
    "SheetPreview",
    "SheetSpec",
    "column_label",
    "import_preview",
    "payload_validate",
    "preview_payload",
    "sheet_csv_build",
    "workbook_build",
]
