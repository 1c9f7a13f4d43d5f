"""The mock-interview data file: validation messages name the file, the round and the field;
prompt pools and the candidate's prompt come from the question parser."""

from __future__ import annotations

import copy

import pytest
import yaml
from conftest import ROOT
from studysite.mock import MOCK_FILE, MockError, candidate_prompt, load_rounds, prompt_pool
from studysite.questions import Question, TopicPage
from studysite.site import load_site


def question(qid: str, section: str, answer: str = "**Short answer.** x") -> Question:
    return Question(qid, f"Title of {qid}?", "mid", section, answer, "topics/11-mock.md", 1)


PAGES = {
    11: TopicPage(11, "mock", "topics/11-mock.md", "Mock", [
        *[question(f"c{i}", "Coding round", f"**Prompt.** Write `f{i}()` for [this](x.md).\n\nMore.") for i in range(5)],
        question("b1", "Behavioral round"),
    ]),
    13: TopicPage(13, "patterns", "topics/13-p.md", "Patterns", [question(f"p{i}", "Arrays") for i in range(3)]),
}
PHASES = {30: {"Intro": 5, "Code": 25}, 45: {"Intro": 5, "Code": 35, "Questions": 5}, 60: {"Code": 60}}
GOOD = {"rounds": [{
    "id": "coding", "name": "Coding", "prompts": 1,
    "sources": [{"page": 11, "section": "Coding round"}, {"page": 13}],
    "phases": PHASES,
    "rubric": {"Problem solving": ["a", "b", "c", "d"], "Code": ["a", "b", "c", "d"]},
}]}


def write(tmp_path, data) -> object:
    path = tmp_path / "mock-interviews.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def changed(change) -> dict:
    data = copy.deepcopy(GOOD)
    change(data["rounds"][0])
    return data


MALFORMED = {
    "phases that do not add up": (
        lambda r: r["phases"].__setitem__(45, {"Intro": 5, "Code": 30}),
        "round 'coding', field 'phases', 45 minutes: the phases add up to 35 minutes"),
    "a length missing": (
        lambda r: r["phases"].pop(60),
        "round 'coding', field 'phases': must give the phases for each length: 30, 45, 60 minutes"),
    "three descriptors": (
        lambda r: r["rubric"].__setitem__("Code", ["a", "b", "c"]),
        "round 'coding', field 'rubric', dimension 'Code': needs exactly 4 descriptors (for scores 1-4)"),
    "unknown section": (
        lambda r: r["sources"].__setitem__(0, {"page": 11, "section": "Codng round"}),
        "round 'coding', field 'sources': page 11 has no section 'Codng round' with questions"),
    "unknown page": (
        lambda r: r["sources"].append({"page": 99}),
        "round 'coding', field 'sources': unknown topic page 99"),
    "too few prompts": (
        lambda r: r.update(sources=[{"page": 13}]),
        "round 'coding', field 'sources': 3 prompts; this round needs at least 4"),
    "more prompts per mock than the pool allows twice": (
        lambda r: r.update(prompts=5),
        "round 'coding', field 'sources': 8 prompts; this round needs at least 10"),
    "prompts not a number": (
        lambda r: r.update(prompts="one"),
        "round 'coding', field 'prompts': must be a whole number from 1 to 8, got 'one'"),
    "unknown field": (
        lambda r: r.update(minutes=45),
        "round 'coding': unknown field 'minutes' (expected: id, name, prompts, sources, phases, rubric)"),
    "html in a descriptor": (
        lambda r: r["rubric"]["Code"].__setitem__(0, "<b>bad</b>"),
        "round 'coding', field 'rubric', dimension 'Code', score 1: must not contain HTML"),
    "missing rubric": (
        lambda r: r.pop("rubric"),
        "round 'coding': missing field 'rubric'"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_round_names_the_file_round_and_field(tmp_path, case):
    change, message = MALFORMED[case]
    path = write(tmp_path, changed(change))
    with pytest.raises(MockError) as error:
        load_rounds(path, PAGES)
    assert str(error.value).startswith(f"{path}: {message}")


def test_a_duplicate_key_is_an_error(tmp_path):
    path = tmp_path / "mock-interviews.yml"
    path.write_text("rounds:\n  - id: coding\n    id: other\n", encoding="utf-8")
    with pytest.raises(MockError, match=r"mock-interviews.yml:3: not valid YAML \(duplicate key 'id'"):
        load_rounds(path, PAGES)


def test_pools_and_the_candidate_prompt_come_from_the_parser(tmp_path):
    (coding,) = load_rounds(write(tmp_path, GOOD), PAGES)
    assert [q.id for q in prompt_pool(coding, PAGES)] == ["c0", "c1", "c2", "c3", "c4", "p0", "p1", "p2"]
    assert candidate_prompt(PAGES[11].questions[0]) == "Write f0() for this."  # markup dropped
    assert candidate_prompt(PAGES[13].questions[0]) == "Title of p0?"  # no Prompt paragraph: the question
    assert coding.phases[45] == (("Intro", 5), ("Code", 35), ("Questions", 5))


def test_the_real_data_file_covers_every_round_type_with_enough_prompts():
    site = load_site(ROOT)
    assert {r.id for r in site.rounds} == {"coding", "python-deep-dive", "backend-practical", "system-design",
                                           "ai-design", "behavioral", "ai-assisted-coding"}
    page11 = {q.id for q in site.pages[11].questions if q.id.startswith("mock-") and "Prompt." in q.answer[:20]}
    assert len(page11) >= 30  # the kit's prompts, every one with its packet
    for round_ in site.rounds:
        assert sum(minutes for _, minutes in round_.phases[45]) == 45
        assert len(prompt_pool(round_, site.pages)) >= max(4, 2 * round_.prompts), round_.id
    assert (ROOT / MOCK_FILE).is_file()
