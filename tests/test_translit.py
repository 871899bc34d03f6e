"""Duden transliteration of unknown Slavic names (CANONICAL.md §6, issue 3):
English-style spellings the gazetteer does not know are flagged with the
German spelling and never rewritten.  Hand-written cases, one per letter rule
and per ending, so a change to the rule that breaks one fails here."""

from __future__ import annotations

import pytest

from pipeline import clean

RULE = "names.slavic-transliteration"

# English-style spelling -> German (Duden) spelling, with the rule each case guards
DUDEN = [
    ("Kharkiv", "Charkiw"),              # kh -> ch, v -> w
    ("Peskov", "Peskow"),                # -ov -> -ow
    ("Medvedev", "Medwedew"),            # -ev -> -ew
    ("Zhytomyr", "Schytomyr"),           # zh -> sch; y before a consonant stays
    ("Zhdanov", "Schdanow"),
    ("Zhuravka", "Schurawka"),
    ("Chukotka", "Tschukotka"),          # ch -> tsch
    ("Chernihiv", "Tschernihiw"),
    ("Tkachenko", "Tkatschenko"),
    ("Marchenko", "Martschenko"),
    ("Shoigu", "Schoigu"),               # sh -> sch
    ("Poroshenko", "Poroschenko"),
    ("Shmyhal", "Schmyhal"),
    ("Shcherbakov", "Schtscherbakow"),   # shch -> schtsch, not sch + tsch
    ("Vereshchuk", "Wereschtschuk"),
    ("Tsarev", "Zarew"),                 # ts -> z
    ("Tsvetkov", "Zwetkow"),
    ("Khmelnytskyi", "Chmelnyzkyj"),     # ts -> z inside, -yi -> -yj
    ("Kryvyi", "Krywyj"),
    ("Zelenskyy", "Selenskyj"),          # -yy -> -yj; initial z -> s
    ("Syrskyi", "Syrskyj"),
    ("Zaluzhnyi", "Saluschnyj"),
    ("Kozachyi", "Kosatschyj"),
    ("Yuriy", "Jurij"),                  # -iy -> -ij; y before a vowel -> j
    ("Yevgeniy", "Jewgenij"),
    ("Andrii", "Andrij"),                # -ii -> -ij
    ("Khodorkovskiy", "Chodorkowski"),   # Russian -skiy/-sky -> -ski
    ("Dostoevsky", "Dostojewski"),       # e after a vowel -> je
    ("Sergeev", "Sergejew"),
    ("Dmitriev", "Dmitrijew"),           # ie after a consonant -> ije
    ("Dmitriyev", "Dmitrijew"),
    ("Yermak", "Jermak"),                # initial y before a vowel -> j
    ("Yanukovych", "Janukowytsch"),
    ("Fyodor", "Fjodor"),
    ("Sokolovskaya", "Sokolowskaja"),
    ("Zakharova", "Sacharowa"),          # z -> s, kh -> ch, -ova -> -owa
    ("Zaporizhzhia", "Saporischschja"),  # ia after a consonant -> ja
    ("Kupiansk", "Kupjansk"),
    ("Izium", "Isjum"),                  # iu -> ju
    ("Yuliia", "Julija"),                # Ukrainian -iia -> -ija
    ("Vasiliy", "Wassilij"),             # s between vowels -> ss
    ("Mykolaiv", "Mykolajiw"),           # Ukrainian ji between a vowel and v
    ("Avdiivka", "Awdijiwka"),
    ("Kyiv", "Kyjiw"),
    ("Vovchansk", "Wowtschansk"),
    ("Pokrovsk", "Pokrowsk"),
    ("Klymenko", "Klymenko"),            # nothing to change
]


@pytest.fixture(scope="module")
def transliterate(rules):
    return rules.get(RULE).settings.transliterate


@pytest.mark.parametrize(("english", "german"), DUDEN, ids=[e for e, _ in DUDEN])
def test_duden_spelling(transliterate, english, german):
    assert transliterate(english) == german


# unknown names in running text: flagged with the German spelling, text unchanged
FLAGGED = [
    ("Die Truppen rückten auf Zhuravka vor.", "Zhuravka", "Schurawka"),
    ("Gouverneur Oleh Synyehubov warnte die Bewohner.", "Synyehubov", "Synjehubow"),
    ("Der Angriff auf Bilohorivka scheiterte.", "Bilohorivka", "Bilohoriwka"),
    ("Kommandeur Oleksandr Tarnavskyi sprach von Erfolgen.", "Tarnavskyi", "Tarnawskyj"),
    ("Sprecher Dmytro Lykhoviy widersprach.", "Lykhoviy", "Lychowij"),
    ("Der Abgeordnete Zhelezniak stimmte dagegen.", "Zhelezniak", "Schelesnjak"),
    ("Der Oligarch Khodorkovsky lebt im Exil.", None, None),   # known: rewritten instead
]


@pytest.mark.parametrize(("text", "word", "german"), FLAGGED, ids=[str(w) for _, w, _ in FLAGGED])
def test_unknown_name_is_flagged_never_rewritten(rules, text, word, german):
    doc = clean(text, rules)
    flags = [f for f in doc.flags if f.rule_id == RULE]
    if word is None:
        assert not flags and doc.text != text + "\n"
        return
    assert doc.text == text + "\n"
    assert [doc.original[f.start:f.end] for f in flags] == [word]
    assert flags[0].message.endswith(f"German spelling: {german}")
    assert flags[0].message.startswith(word)


# German words, known names and names without an English signal: no flag
NOT_FLAGGED = [
    "Präsident Selenskyj reiste nach Charkiw.",       # already German
    "Präsident Zelenskyy reiste nach Kharkiv.",       # known: rewritten, not flagged
    "Der Schachspieler Kasparow gewann.",
    "Michael fuhr nach Chemnitz und Zwickau.",
    "Washington und Shanghai verhandeln.",
    "Die Fischer von Rostock.",
    "Der Marsch durch Dresden.",
    "Ein Schiff lief vom Stapel.",
    # German compounds cut at a seam that looks like a signal
    "Das Flüchtlingshotel liegt im Lebensmittelbereich.",
    "Die Arbeitshunde der Staatsholding.",
    "Ein Holzhaus, ein Schutzhelm und ein Schlauch aus Silikonkautschuk.",
    # names of other languages with a Slavic-looking ending or letter group
    "Kei Nishikori verlor gegen die Chicago Blackhawks.",
    "Morten Skov traf, Schiedsrichter war Aleksandar Stavrev.",
    "Der frühere Höchstrichter Ludwig Adamovich.",
    "Die Krishak Mukti Sangram Parishad und Mohammad Mokhber.",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_no_flag(rules, text):
    assert not [f for f in clean(text, rules).flags if f.rule_id == RULE]
