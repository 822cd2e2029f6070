"""The structure of the real cable (N° 1211-1220, 3 July 1953), as a reader of the edition sees it."""

from __future__ import annotations

from edition.model import Block, ListNode, Section, TelegramHeader, document_blocks, iter_sections

TOP_SECTIONS = [
    ("report", "framing-report", "Vas'kov's report"),
    ("prc-note", "embedded-note", "Note of the PRC government on the state of the armistice talks"),
    ("letter", "letter", "Draft reply of Kim Il Sung and Peng Dehuai to General Clark"),
    ("oral-report", "oral-report", "Wu Xiuquan's oral report"),
    ("closing", "closing", "Dateline and signature"),
]


def section(document, section_id: str) -> Section:
    return next(s for s in iter_sections(document.sections) if s.id == section_id)


def own_blocks(node) -> list[Block]:
    """The blocks of a section or list item in reading order, without its subsections or heading."""
    out = []
    for child in node.children:
        if isinstance(child, Block):
            out.append(child)
        elif isinstance(child, ListNode):
            for item in child.items:
                out.extend(own_blocks(item))
    return out


def lists_in(node, style: str) -> list[ListNode]:
    return [c for c in node.children if isinstance(c, ListNode) and c.style == style]


def spans_of(document, kind: str) -> list[tuple[Block, str]]:
    """Every span of one kind in reading order, with the text it covers."""
    return [(b, b.text[s.start:s.end]) for b in document_blocks(document) for s in b.spans if s.mark.kind == kind]


def test_sections_in_reading_order(cable):
    """The table of contents lists the five parts of the cable in order, with their kinds and titles."""
    assert [(s.id, s.kind, s.title) for s in cable.sections] == TOP_SECTIONS


def test_prc_note_has_two_parts(cable):
    """The PRC note is divided into 'The state of the talks' and 'Countermeasures'."""
    note = section(cable, "prc-note")
    parts = [c for c in note.children if isinstance(c, Section)]
    assert [(p.id, p.kind, p.title) for p in parts] == [
        ("state-of-talks", "part", "The state of the talks"),
        ("countermeasures", "part", "Countermeasures"),
    ]
    assert all(not [c for c in s.children if isinstance(c, Section)]
               for s in cable.sections if s.id != "prc-note"), "only the PRC note has subsections"


def test_paragraphs_per_section(cable):
    """Each section holds exactly its own numbered paragraphs, from its first words to the next section."""
    expected = {
        "report": range(1, 3),
        "prc-note": range(0),
        "state-of-talks": range(3, 7),
        "countermeasures": range(7, 25),
        "letter": range(25, 34),
        "oral-report": range(34, 41),
        "closing": range(41, 42),
    }
    got = {s.id: [b.n for b in own_blocks(s)] for s in iter_sections(cable.sections)}
    assert got == {k: list(v) for k, v in expected.items()}


def test_sections_begin_with_their_declared_words(cable):
    """Each section's first paragraph begins with the words the metadata declares for it."""
    first_words = {
        "report": "At 0330 3 July at the instruction of Zhou Enlai",
        "state-of-talks": "The state of the talks. For the past 12 days",
        "countermeasures": "Based on the above situation",
        "letter": '"To the Commander-in-Chief of the United Nations Armed Forces, General Clark".',
        "oral-report": "After delivering this document Wu Xiuquan",
        "closing": "3 July 1953 Vas'kov",
    }
    for section_id, words in first_words.items():
        assert own_blocks(section(cable, section_id))[0].text.startswith(words), section_id
    report = own_blocks(section(cable, "report"))
    assert report[1].text == "We cite the complete text of these documents below:"


def test_heading_lines(cable):
    """The PRC note's title line and 'Countermeasures' are headings, not numbered paragraphs."""
    note, countermeasures = section(cable, "prc-note"), section(cable, "countermeasures")
    assert note.head.role == "head" and note.head.n == 0
    assert note.head.text == "\"The current state of armistice talks and measures in connection with Clarks' letter."
    assert countermeasures.head.role == "head" and countermeasures.head.n == 0
    assert countermeasures.head.text == "Countermeasures"
    assert section(cable, "state-of-talks").head is None


def test_run_in_head(cable):
    """'The state of the talks.' is a run-in heading at the start of paragraph 3, which keeps its text."""
    heads = spans_of(cable, "head")
    assert [(b.key, text) for b, text in heads] == [("p3", "The state of the talks.")]
    p3 = own_blocks(section(cable, "state-of-talks"))[0]
    assert p3.n == 3 and p3.text.startswith("The state of the talks. For the past 12 days")
    assert [s.start for s in p3.spans if s.mark.kind == "head"] == [0]


def test_five_numbered_measures(cable):
    """The countermeasures are one numbered list of 5 measures, each beginning with its number."""
    lists = lists_in(section(cable, "countermeasures"), "numbered")
    assert len(lists) == 1
    measures = lists[0].items
    assert [m.label for m in measures] == ["1", "2", "3", "4", "5"]
    for measure in measures:
        first = measure.children[0]
        assert first.text.startswith(f"{measure.label}. ")
        labels = [first.text[s.start:s.end] for s in first.spans if s.mark.kind == "label"]
        assert labels == [f"{measure.label}."]
    assert measures[0].children[0].text.startswith("1. Prepare and send the reply of Kim Il Sung")
    assert measures[4].children[0].text.startswith("5. We think that the signing of the agreement")


def test_measures_keep_their_following_paragraphs(cable):
    """A paragraph after a measure belongs to it: the attached letter note to measure 1, the concession to 2."""
    measures = lists_in(section(cable, "countermeasures"), "numbered")[0].items
    assert [b.n for b in own_blocks(measures[0])] == [9, 10]
    assert own_blocks(measures[0])[1].text == "The text of the letter of reply is attached."
    assert [b.n for b in own_blocks(measures[1])] == [11, 12]
    assert own_blocks(measures[1])[1].text.startswith("It can be assumed that the other side will agree")
    assert [b.n for b in own_blocks(measures[3])] == [23]
    assert [b.n for b in own_blocks(measures[4])] == [24]


def test_nine_questions_inside_measure_three(cable):
    """Measure 3 holds the nine dashed questions '- 1).' to '- 9)', one paragraph each."""
    measure = lists_in(section(cable, "countermeasures"), "numbered")[0].items[2]
    assert measure.children[0].text.startswith("3. Prepare for a resumption of the meetings of delegations")
    dashed = [c for c in measure.children if isinstance(c, ListNode)]
    assert len(dashed) == 1 and dashed[0].style == "dashed"
    questions = dashed[0].items
    assert [q.label for q in questions] == [str(i) for i in range(1, 10)]
    blocks = [q.children[0] for q in questions]
    assert all(len(q.children) == 1 for q in questions)
    assert [b.n for b in blocks] == list(range(14, 23))
    labels = [b.text[s.start:s.end] for b in blocks for s in b.spans if s.mark.kind == "label"]
    assert labels == [f"- {i})." for i in range(1, 9)] + ["- 9)"]  # the source omits the last full stop
    assert blocks[0].text == "- 1). The revision of the line of demarcation;"
    assert blocks[8].text == "- 9) [When] the armistice enters into force."


def test_no_other_lists(cable):
    """Apart from the measures and their questions, the cable has no lists."""
    all_lists = []

    def walk(nodes):
        for node in nodes:
            if isinstance(node, ListNode):
                all_lists.append(node.style)
                for item in node.items:
                    walk(item.children)
            elif isinstance(node, Section):
                walk(node.children)

    walk(cable.sections)
    assert all_lists == ["numbered", "dashed"]


def test_letter_salute_signatures_and_dateline(cable):
    """The letter opens with its salute and ends with two signature blocks and the dateline '5 July 1953'."""
    blocks = own_blocks(section(cable, "letter"))
    assert [b.role for b in blocks] == ["salute"] + ["p"] * 5 + ["signed", "signed", "dateline"]
    assert blocks[0].text == '"To the Commander-in-Chief of the United Nations Armed Forces, General Clark".'
    assert blocks[-1].text == "5 July 1953"


def test_signature_blocks_hold_title_and_name(cable):
    """Each signature block keeps the signer's title and name together, in that order."""
    signed = [b for b in document_blocks(cable) if b.role == "signed"]
    assert [b.text.split("\n\n") for b in signed] == [
        ["Supreme Commander of the Korean People's Army", "Marshal Kim Il Sung"],
        ["Commanding General of the Chinese People's Volunteers", "Peng Dehuai"],
    ]
    assert [b.n for b in signed] == [31, 32]


def test_closer_split_into_dateline_and_signature(cable):
    """The cable's last line '3 July 1953 Vas'kov' is shown as a dateline followed by the signature."""
    blocks = own_blocks(section(cable, "closing"))
    assert len(blocks) == 1
    closer = blocks[0]
    assert (closer.role, closer.text) == ("closer", "3 July 1953 Vas'kov")
    parts = [(s.mark.kind, closer.text[s.start:s.end]) for s in sorted(closer.spans)]
    assert parts == [("dateline", "3 July 1953"), ("signed", "Vas'kov")]


def test_five_supplied_words(cable):
    """Exactly the five words the translator supplied in brackets are marked as supplied, where they stand."""
    supplied = [(b.n, text) for b, text in spans_of(cable, "supplied")]
    assert supplied == [(12, "[after]"), (17, "[at]"), (22, "[When]"), (29, "[a situation where]"),
                        (38, "[force of]")]


def test_one_translators_note_with_emphasis(cable):
    """The one translator's note is marked whole, and the faded word *mes.* inside it is emphasised."""
    notes = spans_of(cable, "translator-note")
    assert len(notes) == 1
    block, text = notes[0]
    assert block.n == 4
    assert text == ("[Translator's note: the typed word is very faded here, but is probably "
                    "\"*mes.*\" (months)]")
    note = next(s for s in block.spans if s.mark.kind == "translator-note")
    emphasis = [s for b in document_blocks(cable) for s in b.spans if s.mark.kind == "emphasis"]
    assert len(emphasis) == 1
    assert block.text[emphasis[0].start:emphasis[0].end] == "*mes.*"
    assert note.start < emphasis[0].start and emphasis[0].end < note.end
    assert block.text[:note.start].endswith("limited to three ")


def test_no_other_bracketed_text(cable):
    """The cable has no editor's notes, stamps, elisions or other bracketed passages in its text."""
    kinds = {s.mark.kind for b in document_blocks(cable) for s in b.spans}
    assert kinds == {"field", "footnote-ref", "head", "label", "translator-note", "emphasis", "supplied",
                     "dateline", "signed"}


def test_header_fields(cable):
    """The telegram header gives the numbers 1211-1220, the date 3 July 1953 and the time 23:40."""
    assert cable.header == TelegramHeader(numbers="1211-1220", date="1953-07-03", time="23:40")
    assert [(b.role, b.text) for b in cable.front] == [("header", "N° 1211-1220 3 July 1953 2340")]
    header = cable.front[0]
    fields = [(s.mark.ref, header.text[s.start:s.end]) for s in header.spans if s.mark.kind == "field"]
    assert fields == [("numbers", "1211-1220"), ("date", "3 July 1953"), ("time", "2340")]


def test_archival_footnotes(cable):
    """The two starred footnotes: '*' (the stamp) on the whole document, '**' on the time 2340 in the header."""
    assert [(f.marker, f.attach, f.block.role) for f in cable.footnotes] == [
        ("*", "document", "footnote"), ("**", "text", "footnote")]
    first, second = cable.footnotes
    assert first.block.text == ('* There is a stamp on the document: "Protokol Prezid. (Presidium Record)" '
                                'PK N° 14. p. 1"')
    assert second.block.text == "** Time of receipt"
    assert [f.block.key for f in cable.footnotes] == ["s1", "s2"]
    refs = [(b.key, text, s.mark.ref) for b in document_blocks(cable) for s in b.spans
            if s.mark.kind == "footnote-ref" for text in [b.text[s.start:s.end]]]
    assert refs == [("f1", "2340", "**")]


def test_printed_from_citation(cable):
    """The archival citation 'Printed from: ...' is the back matter, not part of any section."""
    assert [(b.role, b.text) for b in cable.back] == [
        ("citation", "Printed from: AP RF. F. 3. Op. 65. D. 830. pp. 136-147. Original")]
    in_sections = [b.text for s in cable.sections for b in own_blocks(s)]
    assert not any(t.startswith("Printed from:") for t in in_sections)


def test_paragraph_numbers_continuous(cable):
    """Paragraphs are numbered 1 to 41 in reading order, with anchors p1 to p41; headings and apparatus are not."""
    blocks = list(document_blocks(cable))
    numbered = [b for b in blocks if b.n]
    assert [b.n for b in numbered] == list(range(1, 42))
    assert [b.key for b in numbered] == [f"p{i}" for i in range(1, 42)]
    assert sorted({b.role for b in blocks if not b.n}) == ["citation", "footnote", "head", "header"]
    assert len({b.key for b in blocks}) == len(blocks), "every block has its own anchor"


def test_blocks_are_slices_of_the_transcription(cable, source_text):
    """Every block's text is exactly the transcription's characters at its offset, trimmed of white space."""
    assert cable.source == source_text
    for block in document_blocks(cable):
        assert block.text == source_text[block.start:block.start + len(block.text)], block.key
        assert block.text == block.text.strip(), block.key


def test_block_locations_point_into_the_transcription(cable, source_text):
    """Each block's line:column is where its first character stands in sources/<id>.txt."""
    lines = source_text.split("\n")
    for block in document_blocks(cable):
        assert block.location.path == "sources/vaskov-1953-07-03.txt"
        line = lines[block.location.line - 1]
        assert line[block.location.col - 1:].startswith(block.text.split("\n")[0]), block.key
    assert cable.front[0].location.line == 3  # the file opens with two blank lines


def test_spans_lie_inside_their_blocks(cable):
    """No mark reaches outside the text of the block it belongs to."""
    for block in document_blocks(cable):
        for span in block.spans:
            assert 0 <= span.start <= span.end <= len(block.text), (block.key, span)


def test_metadata(cable):
    """The metadata panel's facts come from the metadata file: sender, recipient, archive, translator."""
    meta = cable.meta
    assert (meta.sender.name, meta.sender.place) == ("V. V. Vas'kov", "Beijing")
    assert (meta.recipient.name, meta.recipient.place) == ("G. M. Malenkov", "Moscow")
    archive = meta.archive
    assert (archive.abbreviation, archive.fond, archive.opis, archive.delo, archive.pages, archive.status) == (
        "AP RF", "3", "65", "830", "136-147", "original")
    assert (meta.date, meta.received, meta.telegram_numbers) == ("1953-07-03", "23:40", "1211-1220")
    assert meta.translator == "Gary Goldberg"
    assert (meta.language_original, meta.language_translation) == ("ru", "en")
