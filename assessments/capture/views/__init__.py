"""Pages for assessment capture, one module per page group. Thin: forms validate, selectors read, services write.

Every view that takes an id reads it through `assessments.organisations.access`, scoped
to the user (404 for other organisations). Write views also need the consultant role in
the assessment's organisation; managers and administrators get a 403 page that says so.
"""

from assessments.capture.views.lines import assessment_business_functions_view, assessment_it_cost_areas_view
from assessments.capture.views.steps import (
    assessment_create_view,
    assessment_detail_view,
    assessment_list_view,
    assessment_parameters_view,
    assessment_review_view,
)
from assessments.capture.views.versions import (
    assessment_history_view,
    assessment_version_create_view,
    assessment_versions_view,
)
from assessments.capture.views.workbook import (
    assessment_csv_view,
    assessment_import_confirm_view,
    assessment_import_view,
    assessment_workbook_view,
)

__all__ = [
    "assessment_business_functions_view",
    "assessment_create_view",
    "assessment_csv_view",
    "assessment_detail_view",
    "assessment_history_view",
    "assessment_import_confirm_view",
    "assessment_import_view",
    "assessment_it_cost_areas_view",
    "assessment_list_view",
    "assessment_parameters_view",
    "assessment_review_view",
    "assessment_version_create_view",
    "assessment_versions_view",
    "assessment_workbook_view",
]
