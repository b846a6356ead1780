"""Specifications for helpline.catalog.render: GSM-7, segments, fitting, rendering."""

import sys
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpline
from helpline.catalog.render import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    catalog_problems,
    fit,
    is_gsm7,
    render,
    segments,
    to_gsm7,
)

# --- the alphabet -------------------------------------------------------------------------


def test_basic_alphabet_has_the_127_characters_of_gsm_03_38_without_the_escape_code():
    assert len(GSM7_BASIC) == 127
    assert "\x1b" not in GSM7_BASIC


def test_extension_table_is_exactly_the_escaped_characters_and_form_feed():
    assert frozenset("^{}\\[~]|€\f") == GSM7_EXTENSION


def test_basic_alphabet_and_extension_table_do_not_overlap():
    assert not GSM7_BASIC & GSM7_EXTENSION


@pytest.mark.parametrize("char", list("ΔΦΓΛΩΠΨΣΘΞ¤£¥§¡¿ÇÉÆæßØøÅå\n\r"))
def test_basic_alphabet_includes_greek_capitals_currency_and_western_letters(char):
    assert char in GSM7_BASIC


@pytest.mark.parametrize("char", ["`", "ç", "á", "í", "ó", "ú", "È", "ë", "œ", "\t", "\u00a0"])
def test_characters_often_mistaken_for_gsm7_are_not_gsm7(char):
    assert not is_gsm7(char)


def test_every_printable_ascii_character_except_backtick_is_gsm7():
    printable = "".join(chr(code) for code in range(32, 127) if chr(code) != "`")
    assert is_gsm7(printable)


def test_empty_text_is_gsm7():
    assert is_gsm7("")


def test_a_single_emoji_makes_text_not_gsm7():
    assert not is_gsm7("Meeting at 7 🙏")


# --- transliteration ----------------------------------------------------------------------


def test_meeting_announcement_with_typographic_punctuation_becomes_plain_gsm7():
    assert to_gsm7("Café “Serenity” — 7 pm…") == 'Café "Serenity" - 7 pm...'


@pytest.mark.parametrize("char", ["\u2018", "\u2019", "\u201a", "\u201b", "\u2032", "`", "\u00b4"])
def test_curly_single_quotes_and_primes_become_straight_apostrophes(char):
    assert to_gsm7(f"I{char}m") == "I'm"


@pytest.mark.parametrize("char", ["\u201c", "\u201d", "\u201e", "\u201f", "\u2033", "«", "»"])
def test_curly_double_quotes_and_guillemets_become_straight_double_quotes(char):
    assert to_gsm7(f"say {char}yes{char}") == 'say "yes"'


@pytest.mark.parametrize("char", list("\u2010\u2011\u2012\u2013\u2014\u2015\u2212"))
def test_dashes_and_minus_signs_become_hyphens(char):
    assert to_gsm7(f"7{char}9 pm") == "7-9 pm"


def test_ellipsis_becomes_three_dots():
    assert to_gsm7("wait…") == "wait..."


@pytest.mark.parametrize("char", list("\u00a0\u1680\u2002\u2003\u2009\u202f\u3000"))
def test_nonbreaking_and_other_unicode_spaces_become_a_plain_space(char):
    assert to_gsm7(f"7{char}pm") == "7 pm"


@pytest.mark.parametrize("char", ["\u2022", "\u25e6", "\u2023", "\u2219", "\u25cf"])
def test_bullets_become_hyphens(char):
    assert to_gsm7(f"{char} Call a sponsor") == "- Call a sponsor"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ayúdame ¿dónde?", "Ayudame ¿donde?"),
        ("Zoë", "Zoe"),
        ("façade", "facade"),
        ("Árbol Ístmo Óscar Úrsula", "Arbol Istmo Oscar Ursula"),
        ("ÈÌÒÙ", "EIOU"),
        ("naïve Łódź", "naive Lodz"),
    ],
)
def test_accented_letters_missing_from_gsm7_become_their_base_letter(text, expected):
    assert to_gsm7(text) == expected


def test_accented_letters_and_symbols_that_gsm7_has_are_kept():
    kept = "é è ù ì ò Ç Ø ø Å å Ä Ö Ñ Ü ä ö ñ ü à É ß Æ æ ¡ ¿ £ ¥ §"
    assert to_gsm7(kept) == kept


def test_nuñez_keeps_its_gsm7_tilde_but_loses_the_acute_accent():
    assert to_gsm7("Núñez") == "Nuñez"


def test_letter_with_separate_combining_accent_becomes_the_gsm7_precomposed_letter():
    assert to_gsm7("Cafe\u0301") == "Café"


@pytest.mark.parametrize(
    ("text", "expected"), [("œuvre", "oeuvre"), ("Œil", "OEil"), ("\ufb01ne", "fine")]
)
def test_ligatures_are_spelled_out(text, expected):
    assert to_gsm7(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("I’m ok 🙏🏽", "I'm ok"), ("Call 📞 now", "Call now"), ("❤️ you", "you")],
)
def test_emoji_are_removed_with_their_modifiers_and_spacing(text, expected):
    assert to_gsm7(text) == expected


def test_scripts_with_no_gsm7_form_are_removed():
    assert to_gsm7("Привет hi 你好") == "hi"


def test_extension_table_characters_are_kept():
    text = "€5 {a} [b] ~ | ^ \\"
    assert to_gsm7(text) == text


def test_control_characters_are_removed_but_newlines_are_kept():
    assert to_gsm7("a\x00b\x07c\x1bd\u200be\nf") == "abcde\nf"


@pytest.mark.parametrize("text", ["line one\r\nline two", "line one\rline two"])
def test_carriage_returns_become_a_single_newline(text):
    assert to_gsm7(text) == "line one\nline two"


@pytest.mark.parametrize("char", ["\t", "\f", "\v"])
def test_tabs_and_form_feeds_become_spaces(char):
    assert to_gsm7(f"step{char}one") == "step one"


def test_runs_of_spaces_collapse_to_one_and_the_result_is_stripped():
    assert to_gsm7("  hola \u00a0  amigo \n") == "hola amigo"


def test_blank_lines_between_paragraphs_survive():
    assert to_gsm7("Hi\n\nBye") == "Hi\n\nBye"


def test_lone_surrogates_are_removed_without_raising():
    assert to_gsm7("a\ud800b\udfff") == "ab"


# --- segments -----------------------------------------------------------------------------


def test_empty_text_needs_no_segments():
    assert segments("") == 0


@pytest.mark.parametrize(
    ("length", "expected"), [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)]
)
def test_gsm7_text_fits_160_characters_in_one_segment_then_153_per_segment(length, expected):
    assert segments("a" * length) == expected


@pytest.mark.parametrize(("count", "expected"), [(80, 1), (81, 2), (152, 2), (153, 3)])
def test_extension_characters_cost_two_septets_each(count, expected):
    # A multipart segment holds 76 pairs (152 septets); the 153rd septet cannot take half a pair.
    assert segments("€" * count) == expected


def test_escape_pair_is_never_split_across_a_segment_boundary():
    # 306 septets would be 2 segments, but the € cannot straddle septets 153/154.
    assert segments("a" * 152 + "€" + "a" * 152) == 3


def test_escape_pair_that_ends_exactly_on_a_segment_boundary_fits():
    assert segments("a" * 151 + "€" + "a" * 153) == 2


@pytest.mark.parametrize(
    ("length", "expected"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)]
)
def test_ucs2_text_fits_70_characters_in_one_segment_then_67_per_segment(length, expected):
    assert segments("ж" * length) == expected


def test_one_non_gsm7_character_switches_the_whole_text_to_ucs2():
    assert segments("a" * 69 + "ж") == 1
    assert segments("a" * 70 + "ж") == 2
    assert segments("a" * 159 + "ж") == 3


@pytest.mark.parametrize(("count", "expected"), [(35, 1), (36, 2)])
def test_characters_outside_the_bmp_count_as_two_utf16_units(count, expected):
    assert segments("😀" * count) == expected


def test_surrogate_pair_is_never_split_across_a_segment_boundary():
    # 134 UTF-16 units would be 2 segments, but the emoji cannot straddle units 67/68.
    assert segments("a" * 66 + "😀" + "a" * 66) == 3


# --- fit ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "limit"), [("a" * 160, 1), ("a" * 306, 2), ("", 1), ("hi", 3)])
def test_fit_returns_text_unchanged_when_it_already_fits(text, limit):
    assert fit(text, limit) == text


def test_fit_cuts_at_the_last_word_boundary_that_leaves_room_for_the_ellipsis():
    result = fit("aaaa " * 40, 1)
    assert result == ("aaaa " * 31).rstrip() + "..."
    assert segments(result) == 1


def test_fit_defaults_to_two_segments():
    result = fit("aaaa " * 100)
    assert result == ("aaaa " * 60).rstrip() + "..."
    assert segments(result) == 2


def test_fit_cuts_at_newlines_too():
    assert fit("aaaa\n" * 40, 1) == "aaaa\n" * 30 + "aaaa..."


def test_fit_counts_extension_characters_as_two_septets():
    result = fit("€€€€ " * 40, 1)
    assert result == ("€€€€ " * 17).rstrip() + "..."
    assert segments(result) == 1


def test_fit_drops_dangling_punctuation_before_the_ellipsis():
    text = "a" * 150 + ", bbbbbbbbbbbbbb" + " cc" * 50
    assert fit(text, 1) == "a" * 150 + "..."


def test_fit_hard_cuts_a_single_word_longer_than_the_limit():
    assert fit("x" * 400, 1) == "x" * 157 + "..."


def test_fit_rejects_fewer_than_one_segment():
    with pytest.raises(ValueError, match="max_segments"):
        fit("hello", 0)


# --- render -------------------------------------------------------------------------------

FAKE_MESSAGES = {
    "greeting": {
        "en": "Hi {name}, welcome to the helpline.",
        "es": "Hola {name}, bienvenido a la linea de ayuda.",
    },
    "stop_hint": {"en": "Reply STOP to opt out."},
    "unread": {"en": "You have {count} new messages.", "es": "Tienes {count} mensajes nuevos."},
    "echo": {"en": "{body}", "es": "{body}"},
    "typographic": {"en": "It’s  “ok”", "es": "Está  bien"},
}


def _install_catalog(monkeypatch, messages):
    module = types.ModuleType("helpline.catalog")
    module.MESSAGES = messages
    monkeypatch.setitem(sys.modules, "helpline.catalog", module)
    monkeypatch.setattr(helpline, "catalog", module, raising=False)
    return module


@pytest.fixture
def fake_catalog(monkeypatch):
    return _install_catalog(monkeypatch, FAKE_MESSAGES)


def test_render_formats_params_into_the_english_template_by_default(fake_catalog):
    assert render("greeting", name="Ana") == "Hi Ana, welcome to the helpline."


def test_render_uses_the_requested_language(fake_catalog):
    assert render("greeting", "es", name="Ana") == "Hola Ana, bienvenido a la linea de ayuda."


@pytest.mark.parametrize("lang", ["es-MX", "es_US", "ES", " es "])
def test_render_uses_the_primary_subtag_of_a_regional_language(fake_catalog, lang):
    assert render("greeting", lang, name="Ana").startswith("Hola Ana")


@pytest.mark.parametrize("lang", ["fr", "", "zz-ZZ"])
def test_render_falls_back_to_english_for_an_unknown_language(fake_catalog, lang):
    assert render("greeting", lang, name="Ana") == "Hi Ana, welcome to the helpline."


def test_render_falls_back_to_english_when_the_translation_is_missing(fake_catalog):
    assert render("stop_hint", "es") == "Reply STOP to opt out."


def test_render_transliterates_params(fake_catalog):
    result = render("greeting", name="José “Pepe” Núñez 🙏")
    assert result == 'Hi José "Pepe" Nuñez, welcome to the helpline.'


def test_render_transliterates_params_before_formatting(fake_catalog):
    # Cleaning only the formatted whole would leave "Ana\n," - the param must be cleaned alone.
    assert render("greeting", name="  Ana\n") == "Hi Ana, welcome to the helpline."


def test_render_param_cannot_smuggle_non_gsm7_characters(fake_catalog):
    result = render("greeting", "es", name="\u202eAna\x00\u200d")
    assert result == "Hola Ana, bienvenido a la linea de ayuda."


def test_render_formats_non_string_params(fake_catalog):
    assert render("unread", "es", count=3) == "Tienes 3 mensajes nuevos."


def test_render_cleans_the_template_text_too(fake_catalog):
    assert render("typographic") == 'It\'s "ok"'
    assert render("typographic", "es") == "Esta bien"


def test_render_raises_key_error_for_an_unknown_key(fake_catalog):
    with pytest.raises(KeyError, match="no_such_message"):
        render("no_such_message")


def test_render_fits_long_output_into_two_segments_by_default(fake_catalog):
    result = render("echo", body="step " * 200)
    assert segments(result) == 2
    assert result.endswith("...")


def test_render_honours_max_segments(fake_catalog):
    result = render("echo", max_segments=1, body="step " * 200)
    assert segments(result) == 1
    assert result.endswith("...")


# --- catalog_problems ---------------------------------------------------------------------


def test_catalog_problems_is_empty_for_a_clean_catalog(monkeypatch):
    _install_catalog(monkeypatch, {"greeting": FAKE_MESSAGES["greeting"]})
    assert catalog_problems({"name": "Ana"}) == []


def test_catalog_problems_reports_a_template_that_is_not_gsm7_as_written(monkeypatch):
    _install_catalog(monkeypatch, {"help": {"en": "Help", "es": "Ayúdame"}})
    problems = catalog_problems({})
    assert len(problems) == 1
    assert "help[es]" in problems[0]
    assert "ú" in problems[0]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_catalog_problems_reports_a_key_without_english_or_spanish(monkeypatch, lang):
    _install_catalog(monkeypatch, {"bye": {lang: "Bye"}})
    (problem,) = catalog_problems({})
    missing = "es" if lang == "en" else "en"
    assert "bye" in problem
    assert repr(missing) in problem


def test_catalog_problems_checks_every_language_not_just_english_and_spanish(monkeypatch):
    _install_catalog(monkeypatch, {"hi": {"en": "Hi", "es": "Hola", "fr": "Hôtel"}})
    (problem,) = catalog_problems({})
    assert "hi[fr]" in problem


def test_catalog_problems_reports_a_placeholder_missing_from_the_sample_params(monkeypatch):
    _install_catalog(monkeypatch, {"hi": {"en": "Hi {nickname}", "es": "Hola {name}"}})
    (problem,) = catalog_problems({"name": "Ana"})
    assert "hi[en]" in problem
    assert "nickname" in problem


def test_catalog_problems_reports_text_longer_than_two_segments_with_the_params(monkeypatch):
    template = "Hi {name}, " + "x" * 297  # 302 characters plus the name
    _install_catalog(monkeypatch, {"long": {"en": template, "es": template}})
    assert catalog_problems({"name": "Anna"}) == []  # 306 characters: 2 segments
    problems = catalog_problems({"name": "Annabel"})  # 309 characters: 3 segments
    assert len(problems) == 2
    assert all("3 SMS segments" in problem for problem in problems)


def test_catalog_problems_measures_params_as_render_would_send_them(monkeypatch):
    template = "Hi {name}, " + "x" * 297
    _install_catalog(monkeypatch, {"long": {"en": template, "es": template}})
    # "Ánna" would be UCS-2 if sent raw, but render transliterates it to "Anna".
    assert catalog_problems({"name": "Ánna"}) == []


@pytest.mark.parametrize("template", ["Hi {}", "Hi {0}"])
def test_catalog_problems_reports_positional_placeholders(monkeypatch, template):
    _install_catalog(monkeypatch, {"hi": {"en": template, "es": "Hola"}})
    (problem,) = catalog_problems({"name": "Ana"})
    assert "hi[en]" in problem
    assert "positional" in problem


def test_catalog_problems_reports_a_malformed_template_instead_of_raising(monkeypatch):
    _install_catalog(monkeypatch, {"hi": {"en": "Hi {name", "es": "Hola {name}"}})
    (problem,) = catalog_problems({"name": "Ana"})
    assert "hi[en]" in problem
    assert "malformed" in problem


# --- properties ---------------------------------------------------------------------------

_ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("aé€{ \n.,"),
        st.characters(),
        st.characters(categories=["Cs", "Cc", "Zs", "Mn", "So", "Pd", "Pi", "Pf"]),
    ),
    max_size=1000,
)


@given(_ANY_TEXT)
def test_to_gsm7_output_is_always_gsm7(text):
    assert is_gsm7(to_gsm7(text))


@given(_ANY_TEXT)
def test_to_gsm7_is_idempotent(text):
    once = to_gsm7(text)
    assert to_gsm7(once) == once


@given(_ANY_TEXT)
def test_to_gsm7_output_has_no_double_spaces_or_outer_whitespace(text):
    result = to_gsm7(text)
    assert "  " not in result
    assert result == result.strip()


@settings(deadline=None)
@given(_ANY_TEXT, st.integers(min_value=1, max_value=3))
def test_fit_output_never_needs_more_than_max_segments(text, limit):
    assert segments(fit(to_gsm7(text), limit)) <= limit


@settings(deadline=None)
@given(_ANY_TEXT, st.integers(min_value=1, max_value=3))
def test_fit_output_is_the_text_or_a_prefix_of_it_followed_by_ellipsis(text, limit):
    clean = to_gsm7(text)
    result = fit(clean, limit)
    assert result == clean or (result.endswith("...") and clean.startswith(result[:-3]))


@given(_ANY_TEXT)
def test_segments_is_zero_only_for_empty_text(text):
    assert (segments(text) == 0) == (text == "")
