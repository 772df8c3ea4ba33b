from ingest.cleaning import clean_body, close_bold, normalize_lists


def test_entities_and_zero_width_characters_are_cleaned():
    text, _ = clean_body("L&#39;allineamento &amp; &lbrace;x&rbrace; a\u200bb&#x200B;c\ufeff")
    assert text == "L'allineamento & {x} abc"


def test_video_directive_becomes_metadata_not_text():
    body = "Intro\n\n>[!VIDEO](https://video.tv.adobe.com/v/3476411/?learn=on&enablevpops)\n\n## Next\n\nMore"
    text, url = clean_body(body)
    assert url == "https://video.tv.adobe.com/v/3476411/?learn=on&enablevpops"
    assert "VIDEO" not in text and "video.tv" not in text
    assert text == "Intro\n\n## Next\n\nMore"


def test_unclosed_bold_is_closed_at_end_of_line():
    assert close_bold("* **Team Evolution:") == "* **Team Evolution:**"
    assert close_bold("* **Scale** 5-10 members") == "* **Scale** 5-10 members"


def test_two_and_three_space_nested_lists_become_one_level():
    two = normalize_lists(["* **Team Evolution:**", "  * **Incubate** 2-3", "  * **Scale** 5-10"])
    three = normalize_lists(["* **Team Evolution:**", "   * **Incubate** 2-3", "   * **Scale** 5-10"])
    assert two == three == ["* **Team Evolution:**", "  * **Incubate** 2-3", "  * **Scale** 5-10"]


def test_deeper_nesting_and_return_to_top_level():
    lines = ["* a", "   * b", "      * c", "* d", "text", "   * e"]
    assert normalize_lists(lines) == ["* a", "  * b", "    * c", "* d", "text", "* e"]


def test_seed_team_evolution_list_is_well_formed(tmp_path):
    from tests.conftest import CORPUS

    body = (CORPUS / "journey-optimizer" / "operating-model.sv.md").read_text()
    text, url = clean_body(body.split("---", 2)[2])
    assert "* **Teamutveckling:**\n  * **Inkubera** 2-3 medlemmar" in text
    assert url.startswith("https://video.tv.adobe.com/v/3476411")


def test_a_machine_translations_leftover_markers_are_dropped():
    body = (
        "* **Helderheid van de Rol 1&rbrace; en de samenwerking.**\n"
        "* **Werkschema van 0&rbrace; de Campagne &lbrace;omvatten campagneverzoek.**\n"
        "* keep {this} and x{1}"
    )
    assert clean_body(body)[0].split("\n") == [
        "* **Helderheid van de Rol en de samenwerking.**",
        "* **Werkschema van de Campagne omvatten campagneverzoek.**",
        "* keep {this} and x{1}",  # braces that close, or a digit inside a word's braces: text
    ]
