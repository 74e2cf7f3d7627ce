"""The member form's checks on one imported row, without WTForms' per-field bookkeeping for rows that pass.

A row goes through the form's own filters, validators and inline ``validate_<field>`` methods, in the
form's field order, called directly. Any refusal (or anything unusual) sends the row through the full
``form.process`` / ``form.validate``, so every message a user reads is the form's own, word for word;
only a row the full form would accept is accepted without it. Building and validating fifteen fields
through WTForms' generic machinery for each of 40,000 rows was most of a big import's checking time.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, Form, SelectField
from wtforms.validators import StopValidation, ValidationError


class RowForm:
    def __init__(self, form: Form, names: list[str]) -> None:
        self.form = form
        self.steps: list[tuple[str, Any, Any, tuple[Any, ...], tuple[Any, ...]]] = []
        self.checks: list[tuple[Any, Any, tuple[Any, ...], Any]] = []
        for field in form:  # declaration order: an inline check may read a field checked before it
            if field.name in names:
                inline = getattr(type(form), f"validate_{field.name}", None)
                chain = (*field.validators, *((inline,) if inline else ()))
                self.steps.append((field.name, field, field.process_formdata, tuple(field.filters), chain))
                # The field's own pre- and post-checks (a select's choice check), when it has any.
                pre = field.pre_validate if _overrides(field, "pre_validate") else None
                post = field.post_validate if _overrides(field, "post_validate") else None
                self.checks.append((field, pre, chain, post))
        # Fields the rows never fill are processed once, as the full form processes them every row.
        form.process(formdata=MultiDict({}))
        self.lean = all(field.validate(form) for field in form if field.name not in names) and not any(
            hasattr(form, f"filter_{field.name}") for field in form
        )

    def check(self, values: dict[str, str]) -> dict[str, list[str]]:
        """The form's errors for a row, by field; empty when the form accepts it (``form`` then holds it)."""
        form = self.form
        form.parsed_birth, form.parsed_issue_date = None, None
        if self.lean and self._passes(values):
            return {}
        form.parsed_birth, form.parsed_issue_date = None, None
        form.process(formdata=MultiDict(values))
        form.validate()
        return form.errors

    def _passes(self, values: dict[str, str]) -> bool:
        form = self.form
        try:
            for name, field, process, filters, _chain in self.steps:
                field.process_errors, field.raw_data = [], [values[name]]
                process(field.raw_data)
                data = field.data
                for function in filters:
                    data = function(data)
                field.data = data
            for field, pre, chain, post in self.checks:
                if pre is not None:
                    pre(form)
                stopped = False
                for validator in chain:
                    try:
                        validator(form, field)
                    except StopValidation as stop:
                        if stop.args and stop.args[0]:
                            return False
                        stopped = True
                        break
                if post is not None:
                    post(form, stopped)
        except (ValueError, TypeError, StopValidation):  # ValidationError is a ValueError
            return False
        return True


def _overrides(field: Any, name: str) -> bool:
    """Whether the field (its class or the instance itself) replaces the base Field's no-op hook."""
    return name in vars(field) or getattr(type(field), name) is not getattr(Field, name)


def check_choice_in_set(select: SelectField) -> None:
    """The field's own choice check with its own message, against a set made once: WTForms walks every
    choice of every select of every row (the 54 ethnic groups), a tenth of a big import's time."""
    allowed = {
        select.coerce(choice.value if hasattr(choice, "value") else choice[0]) for choice in select.choices or ()
    }

    def pre_validate(form: Any) -> None:
        if select.process_errors or not select.validate_choice:
            return
        if select.data not in allowed:
            raise ValidationError(select.invalid_choice_message or select.gettext("Not a valid choice."))

    select.pre_validate = pre_validate  # type: ignore[method-assign]
