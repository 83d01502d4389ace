"""Reading the registry's HTML forms into commands: blank fields are not filled in, blank rows are
left out with errors pointing back at the form's own rows, money in dollars, Singapore times."""

from pydantic import ValidationError

from chalicelib.domain.intake import NewCase
from chalicelib.web.registry_forms import dollars_to_cents, problems_of, read_form, singapore_instant


def test_nested_fields_and_rows_with_blanks_left_out():
    submitted = read_form({"csrf_token": "t", "case_no": " DAC-900001-2026 ", "accused.nric": "S8979373D",
                           "accused.email": "  ", "charges.0.charge_no": "A-1", "charges.1.charge_no": "",
                           "charges.3.charge_no": "A-3"}, groups=("charges",))
    assert submitted.data == {"case_no": "DAC-900001-2026", "accused": {"nric": "S8979373D"},
                              "charges": [{"charge_no": "A-1"}, {"charge_no": "A-3"}]}
    assert submitted.rows == {"charges": [0, 3]}
    assert "csrf_token" not in submitted.values and submitted.values["accused.email"] == "  "


def test_an_error_in_a_kept_row_names_the_forms_row():
    submitted = read_form({"case_no": "DAC-900001-2026", "court": "state_courts", "accused.nric": "S8979373D",
                           "accused.name": "Tan", "charges.0.charge_no": "DAC-900001-2026",
                           "charges.0.statute": "Penal Code 1871", "charges.0.section": "379",
                           "charges.0.offence": "Theft", "charges.4.charge_no": "DAC-900002-2026"},
                          groups=("charges",))
    try:
        NewCase.model_validate(submitted.data)
    except ValidationError as error:
        status, problems = problems_of(error, submitted)
    assert status == 422
    assert set(problems) == {"charges.4.statute", "charges.4.section", "charges.4.offence"}
    assert problems["charges.4.offence"] == "Enter the offence."


def test_dollars_become_cents_and_anything_else_is_left_for_the_command_to_refuse():
    assert dollars_to_cents("15,000") == 15_000_00
    assert dollars_to_cents("S$5000.5") == 5_000_50
    assert dollars_to_cents("$0.05") == 5
    assert dollars_to_cents("lots") == "lots" and dollars_to_cents("1.234") == "1.234"
    assert dollars_to_cents(None) is None


def test_a_date_and_a_time_are_one_singapore_instant():
    assert singapore_instant("2026-12-01", "09:30") == "2026-12-01T09:30:00+08:00"
    assert singapore_instant("2026-12-01", "") is None and singapore_instant(None, "09:30") is None
