"""Why a roadmap failed: stored as a code and its parameters, worded in the reader's language on
display (as item rationales are), never stored as a translated sentence."""

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class FailureCode(models.TextChoices):
    """The reasons the pipeline records; each has one sentence in MESSAGES."""

    TIME_LIMIT = "time_limit", _("time limit")
    INPUT_REJECTED = "input_rejected", _("input rejected")
    ENGINE_ERROR = "engine_error", _("engine error")
    NOT_SAVED = "not_saved", _("result not saved")
    INTERRUPTED = "interrupted", _("interrupted")
    NO_INPUT = "no_input", _("no stored input")
    GAVE_UP = "gave_up", _("gave up")
    # Rows failed before codes were stored: their sentence is kept as the parameter `text`.
    LEGACY = "legacy", _("recorded as text")


# Params: time_limit {seconds}; input_rejected {error}; engine_error {kind}; not_saved {kind, error};
# interrupted {count}; gave_up {kind}. Marked for translation here, translated when read.
MESSAGES: dict[str, Any] = {
    FailureCode.TIME_LIMIT: _("The computation took longer than %(seconds)s seconds and was stopped."),
    FailureCode.INPUT_REJECTED: _("The engine rejected the input: %(error)s"),
    FailureCode.ENGINE_ERROR: _(
        "The engine stopped with an unexpected error (%(kind)s). It has been logged; you can retry."
    ),
    FailureCode.NOT_SAVED: _("The result could not be saved (%(kind)s: %(error)s)."),
    FailureCode.INTERRUPTED: _(
        "The computation was interrupted %(count)s times (its worker stopped, or it ran past the time "
        "limit) and was abandoned."
    ),
    FailureCode.NO_INPUT: _("The roadmap has no stored input; request it again."),
    FailureCode.GAVE_UP: _("The computation gave up after repeated database or queue errors (%(kind)s)."),
}


def failure_message(*, code: str, params: Mapping[str, Any] | None) -> str:
    """The failure's sentence in the active language; "" when there is no failure.

    An unknown code (a row written by an older or newer release) reads as its parameters' `text`
    or the code itself rather than failing the page.
    """
    if not code:
        return ""
    template = MESSAGES.get(code)
    params = dict(params or {})
    if template is None:
        return str(params.get("text") or code)
    try:
        return gettext(str(template)) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
