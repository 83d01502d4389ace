import pytest

from chalicelib.domain.identity import is_valid_nric, mask_nric, normalise_nric, normalise_uen, subject_key


@pytest.mark.parametrize(
    "nric",
    [
        "S8979373D",  # the worked example in the published algorithm, also a mockpass persona
        "S8116474F",
        "S8723211E",
        "S5062854Z",
        "T0066846F",
        "F9477325M",  # mockpass lists F9477325W, whose check letter fails the published table
        "S3000024B",
        "S6005040F",
        "M1234567K",  # M series: published example of a valid M FIN
    ],
)
def test_valid_identity_numbers_pass(nric):
    assert is_valid_nric(nric)


@pytest.mark.parametrize(
    "nric",
    ["S8979373A", "T0066846G", "F9477325X", "M1234567L", "M1234567I", "A1234567B", "S897937D", "", "s8979373d!"],
)
def test_wrong_check_letters_and_shapes_fail(nric):
    assert not is_valid_nric(nric)


def test_m_series_uses_its_own_offset_and_table():
    # 1234567 weighted = 106, +3 = 109, 109 mod 11 = 10, table "KLJNPQRTUWX"[10 - 10] = K
    assert normalise_nric("m1234567k") == "M1234567K"


def test_normalise_explains_the_problem():
    with pytest.raises(ValueError, match="check letter"):
        normalise_nric("S8979373A")
    with pytest.raises(ValueError, match="7 digits"):
        normalise_nric("12345")


def test_masking_shows_only_the_last_three_digits_and_letter():
    assert mask_nric("S1234567A") == "S****567A"
    assert mask_nric("S8979373D") == "S****373D"


def test_uen_shapes():
    assert normalise_uen(" 201912345k ") == "201912345K"
    assert normalise_uen("123456789A") == "123456789A"
    assert normalise_uen("T08LL1234A") == "T08LL1234A"
    with pytest.raises(ValueError):
        normalise_uen("12345")


def test_subject_keys_are_stable_opaque_and_peppered():
    one = subject_key("S8979373D", b"pepper-a")
    assert one == subject_key("S8979373D", b"pepper-a")
    assert one != subject_key("S8979373D", b"pepper-b")
    assert one != subject_key("S8116474F", b"pepper-a")
    assert "8979373" not in one and len(one) == 32
