"""The forms of /rota: weekly shifts, extra shifts, and changes to one date of a shift."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import DateField, SelectChoice, SelectField, StringField, TimeField
from wtforms.validators import InputRequired, Length, Optional

from volunteers import rota_edits
from volunteers.models import Volunteer
from volunteers.rota_csv import DAYS
from volunteers.rota_edits import NOTE_CHARS, RotaEditError, ShiftFields

TIME_FORMATS = ["%H:%M", "%H:%M:%S"]  # browsers send seconds when the input has a step
WHO = "Choose one of the active volunteers in the list."


def _volunteer(label: str = "Volunteer", message: str = WHO) -> SelectField:
    return SelectField(label, coerce=int, validate_choice=True, invalid_choice_message=message,
                       invalid_value_message=message)


def _clock(label: str, word: str, example: str) -> TimeField:
    return TimeField(label, format=TIME_FORMATS,
                     validators=[InputRequired(f"Give the {word} time, like {example}.")],
                     invalid_value_message=f"Write the {word} time as hours and minutes, "
                                           f"like {example}.")


def _date(label: str, required: bool = True) -> DateField:
    check = InputRequired("Give the date.") if required else Optional()
    return DateField(label, validators=[check],
                     invalid_value_message="Write the date as year-month-day, like 2026-12-01.")


def _note() -> StringField:
    return StringField("Note (optional)", validators=[Length(
        max=NOTE_CHARS, message=f"Keep the note under {NOTE_CHARS} characters.")])


class ShiftForm(FlaskForm):
    """A weekly shift."""

    volunteer = _volunteer()
    weekday = SelectField("Day of the week", coerce=int,
                          choices=[SelectChoice(str(n), day) for n, day in enumerate(DAYS)],
                          invalid_choice_message="Choose a day of the week.",
                          invalid_value_message="Choose a day of the week.")
    starts = _clock("Starts", "start", "22:00")
    ends = _clock("Ends", "end", "06:00")
    first_date = _date("First date (optional)", required=False)
    last_date = _date("Last date (optional)", required=False)
    note = _note()

    def fields(self) -> ShiftFields:
        """The shift as the domain takes it."""
        return ShiftFields(self.volunteer.data, self.weekday.data, self.starts.data,
                           self.ends.data, self.first_date.data, self.last_date.data,
                           self.note.data)


class ExtraShiftForm(FlaskForm):
    """A one-off shift on one date."""

    volunteer = _volunteer()
    day = _date("Date")
    starts = _clock("Starts", "start", "22:00")
    ends = _clock("Ends", "end", "06:00")
    note = _note()


class DayForm(FlaskForm):
    """One date of a weekly shift (to drop, or to undo its drop or cover)."""

    day = _date("Date")


class CoverForm(DayForm):
    """One date of a weekly shift and who covers it."""

    volunteer = _volunteer("Who covers it", "Choose one of the active volunteers in the list "
                                            "(not the shift's own volunteer).")


class SwapForm(FlaskForm):
    """Two dates of two volunteers' weekly shifts."""

    first_shift = SelectField("First shift", coerce=int, invalid_choice_message="Choose a shift.",
                              invalid_value_message="Choose a shift.")
    first_day = _date("Date of the first shift")
    second_shift = SelectField("Second shift", coerce=int,
                               invalid_choice_message="Choose a shift.",
                               invalid_value_message="Choose a shift.")
    second_day = _date("Date of the second shift")


class ConfirmForm(FlaskForm):
    """A button and its CSRF token."""


def with_volunteers(form, session: Session, keep: int | None = None, leave_out: int | None = None):
    """The form with its volunteer choices: the active volunteers (and `keep`, the shift's
    own, even if deactivated), without `leave_out`."""
    people = rota_edits.active_volunteers(session)
    kept = session.get(Volunteer, keep) if keep is not None else None
    if kept is not None and not kept.active:
        people.append(kept)
    form.volunteer.choices = [
        SelectChoice(str(v.id), v.display_name + ("" if v.active else " (deactivated)"))
        for v in people if v.id != leave_out]
    return form


def with_shifts(form: SwapForm, session: Session) -> SwapForm:
    """The swap form with every weekly shift to choose from."""
    choices = [SelectChoice(str(s.id), rota_edits.describe(s))
               for s in rota_edits.weekly_shifts(session)]
    form.first_shift.choices = form.second_shift.choices = choices
    return form


def refuse(form, error: RotaEditError, default: str) -> None:
    """Show the domain's refusal next to the field it is about."""
    field = getattr(form, error.field or default, None) or getattr(form, default)
    field.errors = [*field.errors, str(error)]
