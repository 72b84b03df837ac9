"""The website's look in Settings → Organisation: colours are hex, and the primary colour must carry white text."""

import pytest
from django.core.exceptions import ValidationError

from steward.site.models import OrganisationSettings
from steward.site.theme import contrast_ratio


def _errors(**fields) -> dict[str, list[str]]:
    organisation = OrganisationSettings.load()
    for name, value in fields.items():
        setattr(organisation, name, value)
    try:
        organisation.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_contrast_ratio_matches_wcag_reference_values():
    # black on white is 21:1, a colour on itself 1:1, and #767676 is the classic 4.54:1 grey
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#0b5cad", "#0b5cad") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.django_db
def test_dark_brand_colours_and_a_known_font_are_accepted():
    assert _errors(primary_colour="#7A1F5C", secondary_colour="#ffff00", font="humanist") == {}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0b5cad", "#0b5ca", "#0b5cadd", "#gggggg", "blue"])
def test_a_colour_that_is_not_six_hex_digits_is_refused_with_an_example(value):
    errors = _errors(primary_colour=value, secondary_colour=value)
    for field in ("primary_colour", "secondary_colour"):
        assert any("six hexadecimal digits, for example #0b5cad" in message for message in errors[field]), errors
    # the contrast check says nothing about what is not a colour
    assert not any("contrast" in message for message in errors["primary_colour"])


@pytest.mark.django_db
def test_a_primary_colour_too_light_for_white_text_is_refused_with_its_ratio():
    # #0b5cad passes (6.6:1); #3b8ee0 does not (3.42:1)
    assert _errors(primary_colour="#0b5cad") == {}
    errors = _errors(primary_colour="#3b8ee0")
    assert errors["primary_colour"] == [
        "White text on #3b8ee0 has a contrast of 3.42:1; buttons and links need at least 4.5:1 (WCAG AA). "
        "Choose a darker colour."
    ]


@pytest.mark.django_db
def test_an_unknown_font_is_refused():
    assert "font" in _errors(font="comic-sans")
