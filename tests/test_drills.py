"""Rule drills: every generator checked against tables written here, independently of decks/rules/.

Each rule's space of questions is finite, so every case is built and checked; Hypothesis then draws
seeds to check that `generate` only ever produces instances the same oracles accept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omm_cards import answers, drills, notation
from omm_cards.answers import Outcome
from omm_cards.deckfile import rules as rule_tables
from omm_cards.drills.core import Instance, Stream, Tables
from omm_cards.drills.schema import SCHEMAS
from omm_cards.notation.innominate import Dysfunction, PelvicDysfunction
from omm_cards.notation.lexicon import Side
from omm_cards.notation.ribs import Phase, Rib, RibSpan
from omm_cards.notation.sacrum import SacralTorsion, UnilateralSacral
from omm_cards.notation.spine import Levels, Motion, Segmental, Span, Vertebra

from .conftest import Run

Cli = Callable[..., Run]
TABLES = rule_tables.load()


def _maybe(value: object) -> str | None:
    return None if value is None else str(value)


SIDE = {"left": Side.LEFT, "right": Side.RIGHT}


def other(side: str) -> str:
    return "right" if side == "left" else "left"


def vertebra(level: str) -> Vertebra:
    return Vertebra(level[0].lower(), int(level[1:]))


def span(first: str, last: str | None = None) -> Span:
    return Span(vertebra(first), vertebra(last or first))


# ---------------------------------------------------------------- independent tables and oracles
# Each oracle takes an instance's findings and returns the answer the rule gives, written the way a
# student would type it; `check(oracle, answer, accept)` must then be correct.

FRYETTE_II = {"flexion": "E", "extension": "F"}  # worse in flexion = cannot flex = extended


def segmental(f: dict[str, Any]) -> str:
    level, side, worse = f["level"], f["posterior_tp"], f["worse_in"]
    s, o = side[0].upper(), other(side)[0].upper()
    if f["ask"] == "name":
        return f"{level} {FRYETTE_II[worse]}RS {s}"
    if f["ask"] == "findings":
        return f"{side}, worse in {worse}"
    return f"{'F' if worse == 'flexion' else 'E'} R{o} S{o}"  # the barrier: the opposite of the freedom


def group(f: dict[str, Any]) -> str:
    side = str(f["posterior_tp"])
    if f["ask"] == "name":
        return f"{f['levels']} N S{other(side)[0].upper()} R{side[0].upper()}"
    if f["ask"] == "convexity":
        return side  # rotation is toward the convexity
    return {"right": "dextroscoliosis", "left": "levoscoliosis"}[side]


def sacral_diagnosis(f: dict[str, Any]) -> str:
    """From the findings by the rules, not by a lookup (see decks/sacrum-pelvis.yaml)."""
    sft, sulcus, ila = f["seated_flexion"], f["deep_sulcus"], f["posterior_ila"]
    anterior_base = f["spring"] == "negative"
    assert anterior_base == (f["sphinx"] == "better")
    if sulcus != ila:  # torsion: posterior base and posterior ILA on one side
        rotation, axis = ila, other(sft)  # rotated toward the posterior ILA; axis opposite the seated test
        assert (rotation == axis) == anterior_base  # forward torsions spring
        return f"{rotation} on {axis}"
    if sft == sulcus:  # deep sulcus, posterior ILA and seated test on one side
        assert anterior_base
        return f"{sft} unilateral sacral flexion"
    assert not anterior_base
    return f"{sft} unilateral sacral extension"


def sacrum(f: dict[str, Any]) -> str:
    if f["ask"] == "name":
        return sacral_diagnosis(f)
    return str(f[f["ask"]])


PELVIS = {  # (ASIS, PSIS, pubic tubercle) on the side of the positive standing flexion test
    ("inferior", "superior", None): Dysfunction.ANTERIOR,
    ("superior", "inferior", None): Dysfunction.POSTERIOR,
    ("superior", "superior", "superior"): Dysfunction.SUPERIOR_SHEAR,
    ("inferior", "inferior", "inferior"): Dysfunction.INFERIOR_SHEAR,
    ("medial", None, None): Dysfunction.INFLARE,
    ("lateral", None, None): Dysfunction.OUTFLARE,
    ("level", "level", "superior"): Dysfunction.SUPERIOR_PUBIC,
    ("level", "level", "inferior"): Dysfunction.INFERIOR_PUBIC,
}
LEG = {Dysfunction.ANTERIOR: "inferior", Dysfunction.POSTERIOR: "superior"}
LEG |= {Dysfunction.SUPERIOR_SHEAR: "superior", Dysfunction.INFERIOR_SHEAR: "inferior"}


def innominate(f: dict[str, Any]) -> str:
    dysfunction = PELVIS[(f["asis"], f["psis"], f["pubic_tubercle"])]
    assert f["medial_malleolus"] == LEG.get(dysfunction)
    return PelvicDysfunction(dysfunction, SIDE[f["standing_flexion"]]).render()


MUSCLES = {1: "anterior and middle scalenes", 2: "posterior scalene"}  # StatPearls 122817, as ribs.yaml
MUSCLES |= dict.fromkeys((3, 4, 5), "pectoralis minor") | dict.fromkeys((6, 7, 8), "serratus anterior")
MUSCLES |= dict.fromkeys((9, 10), "latissimus dorsi") | dict.fromkeys((11, 12), "quadratus lumborum")


def rib_group(f: dict[str, Any]) -> tuple[Phase, int, int, int]:
    first, last = (int(n) for n in f["ribs"].split("-"))
    held_down = f["restricted_in"] == "inhalation"  # cannot rise: an exhaled rib
    return (Phase.EXHALED if held_down else Phase.INHALED), first, last, (first if held_down else last)  # BITE


def ribs(f: dict[str, Any]) -> str:
    phase, first, last, key = rib_group(f)
    if f["ask"] == "muscle":
        assert phase is Phase.EXHALED
        return MUSCLES[key]
    return f"{f['side']} ribs {first}-{last} {'exhaled' if phase is Phase.EXHALED else 'inhaled'}, key rib {key}"


THREES = {1: 0, 2: 0, 3: 0, 4: 0.5, 5: 0.5, 6: 0.5, 7: 1, 8: 1, 9: 1, 10: 1, 11: 0.5, 12: 0}


def threes(f: dict[str, Any]) -> str:
    n = int(f["spinous_process"][1:])
    offset = THREES[n]
    if f["ask"] == "offset":
        return {0: "same level", 0.5: "half a level above", 1: "one level above"}[offset]
    return {0: f"T{n}", 0.5: f"T{n}-T{n + 1}", 1: f"T{n + 1}"}[offset]


VISCERA = {  # organ: (board levels, other texts' levels)
    "head and neck": ("T1-T4", ()),
    "heart": ("T1-T5", ()),
    "lungs": ("T2-T7", ()),
    "esophagus": ("T2-T8", ("T3-T6",)),
    "upper extremity": ("T2-T8", ()),
    "stomach": ("T5-T9", ()),
    "liver": ("T5-T9", ()),
    "gallbladder": ("T5-T9", ()),
    "pancreas": ("T5-T9", ()),
    "duodenum": ("T5-T9", ()),
    "spleen": ("T5-T9", ()),
    "small intestine": ("T10-T11", ("T8-T10",)),
    "ascending colon": ("T10-T11", ()),
    "appendix": ("T12", ("T10-T11", "T9-T12")),
    "descending and sigmoid colon": ("T12-L2", ()),
    "kidneys": ("T10-T11", ("T9-L1",)),
    "upper ureter": ("T10-T11", ()),
    "ovaries and testes": ("T10-T11", ()),
    "lower ureter": ("T12-L1", ()),
    "adrenal medulla": ("T10", ("T8-T10",)),
    "uterus and cervix": ("T10-L2", ()),
    "urinary bladder": ("T11-L2", ()),
    "prostate": ("T11-L2", ()),
    "lower extremity": ("T11-L2", ()),
}


def viscerosomatic(f: dict[str, Any]) -> str:
    return VISCERA[f["organ"]][0] if f["ask"] == "levels" else str(f["organ"])


CHAPMAN = {
    "appendix": "tip of the right 12th rib",
    "heart": "left 2nd intercostal space next to the sternum",
    "upper lung": "3rd intercostal space",
    "lower lung": "4th intercostal space",
    "stomach": "left 5th-6th intercostal spaces",
    "liver": "right 5th-6th intercostal spaces",
    "pancreas": "between ribs 7 and 8 on the right",
    "kidney": "1 inch superior and 1 inch lateral to the umbilicus",
    "adrenal gland": "2 inches superior and 1 inch lateral to the umbilicus",
    "urinary bladder": "periumbilical",
    "colon": "along the iliotibial band",
    "prostate": "along the posterior margin of the iliotibial band",
    "sinuses": "between ribs 1 and 2 near the sternum",
}


def chapman(f: dict[str, Any]) -> str:
    return CHAPMAN[f["organ"]]


COUNTERSTRAIN = {  # as decks/counterstrain.yaml teaches each point
    "AC1": "rotation away",
    "AC2-AC6": "F SA RA",
    "AC7": "F ST RA",
    "PC1 inion": "marked flexion",
    "PC3": "F SA RA",
    "posterior cervical spinous process": "E SA RA",
    "AT1-AT6": "flexion",
    "AT7-AT9": "F ST RA",
    "AT10-AT12": "hips and knees flexed",
    "posterior thoracic": "extension",
    "AR1 and AR2": "F ST RT",
    "PR2-PR10": "F SA RA",
    "AL1": "F ST RA",
    "AL5": "marked hip flexion",
    "posterior lumbar": "extension",
    "upper pole L5": "E ADD",
    "lower pole L5": "F IR ADD",
    "iliacus": "F ER",
    "piriformis": "F ABD ER",
    "gluteus medius (lateral PL3 and PL4)": "E ABD ER",
    "lateral hamstring": "F ER ABD",
    "popliteus": "F IR",
    "gastrocnemius (extension ankle)": "knee flexion with marked ankle plantarflexion",
    "subscapularis": "E IR",
    "medial epicondyle (pronator teres)": "F PRO ADD",
    "lateral radial head (supinator)": "E SUP valgus",
}


def counterstrain(f: dict[str, Any]) -> str:
    return COUNTERSTRAIN[f["tender_point"]]


ORACLES: dict[str, Callable[[dict[str, Any]], str]] = {
    "segmental": segmental,
    "group": group,
    "sacrum": sacrum,
    "innominate": innominate,
    "ribs": ribs,
    "threes": threes,
    "viscerosomatic": viscerosomatic,
    "chapman": chapman,
    "counterstrain": counterstrain,
}


# ---------------------------------------------------------------- the structure notation answers parse to


def structure(rule: str, f: dict[str, Any]) -> notation.Notation | None:
    """What the answer must parse to, from the findings; None where the answer is not notation."""
    if rule == "segmental":
        side, o = SIDE[f["posterior_tp"]], SIDE[other(f["posterior_tp"])]
        if f["ask"] == "name":
            motion = Motion.EXTENDED if f["worse_in"] == "flexion" else Motion.FLEXED
            return Segmental(span(f["level"]), motion, side, side)
        if f["ask"] == "barrier":
            return Segmental(None, Motion.FLEXED if f["worse_in"] == "flexion" else Motion.EXTENDED, o, o)
        return None
    if rule == "group" and f["ask"] == "name":
        first, last = f["levels"].split("-")
        return Segmental(span(first, last), Motion.NEUTRAL, SIDE[f["posterior_tp"]], SIDE[other(f["posterior_tp"])])
    if rule == "sacrum" and f["ask"] == "name":
        name = sacral_diagnosis(f)
        if " on " in name:
            rotation, axis = name.split(" on ")
            return SacralTorsion(SIDE[rotation], SIDE[axis], rotation == axis)
        which, _, _, moved = name.split()
        return UnilateralSacral(_motion(moved), SIDE[which])
    if rule == "innominate":
        return notation.parse(innominate(f))
    if rule == "ribs" and f["ask"] == "key":
        phase, first, last, key = rib_group(f)
        return Rib(phase, RibSpan(first, last), SIDE[f["side"]], key, True)
    if rule == "threes" and f["ask"] == "tp_level" and THREES[int(f["spinous_process"][1:])] != 0.5:
        return Levels(span(threes(f)))
    if rule == "viscerosomatic" and f["ask"] == "levels":
        first, _, last = VISCERA[f["organ"]][0].partition("-")
        return Levels(span(first, last or None))
    return None


def _motion(word: str) -> Any:
    from omm_cards.notation.sacrum import SacralMotion

    return SacralMotion.FLEXION if word == "flexion" else SacralMotion.EXTENSION


# ---------------------------------------------------------------- checks every instance must pass

SWAPS = {"left": "right", "right": "left", "L": "R", "R": "L", "dextroscoliosis": "levoscoliosis"}
SWAPS["levoscoliosis"] = "dextroscoliosis"


def swapped(text: str) -> str:
    text = re.sub(r"NS([LR])R([LR])", lambda m: f"NS{SWAPS[m[1]]}R{SWAPS[m[2]]}", text)
    text = re.sub(r"\b([RS])([LR])\b", lambda m: m[1] + SWAPS[m[2]], text)
    return re.sub(r"\b(left|right|L|R|dextroscoliosis|levoscoliosis)\b", lambda m: SWAPS[m[1]], text)


def verify(instance: Instance) -> None:
    f = dict(instance.findings)
    json.dumps(f)  # plain JSON values
    assert instance.rule in drills.RULES and instance.prompt and instance.explanation and instance.source
    expected = ORACLES[instance.rule](f)
    assert answers.check(expected, instance.answer, instance.accept).correct, (expected, instance)
    assert answers.check(instance.answer, instance.answer, instance.accept).correct
    for alternative in instance.accept:
        assert answers.check(alternative, instance.answer, instance.accept).correct, alternative
    parsed = notation.parse(instance.answer)
    shape = structure(instance.rule, f)
    if shape is not None:
        assert parsed is not None and notation.compare(parsed, shape) is not None, instance.answer
        comparison = notation.compare(parsed, shape)
        assert comparison is not None and comparison.match is notation.Match.SAME, (instance.answer, shape)
    other_side = swapped(instance.answer)
    if other_side != instance.answer:
        verdict = answers.check(other_side, instance.answer, instance.accept)
        assert not verdict.correct, (other_side, instance.answer)
        if parsed is not None:
            assert verdict.outcome is Outcome.WRONG, (other_side, instance.answer)
    if instance.choices is not None:
        options = instance.choices.options
        assert options[instance.choices.key] == instance.answer
        assert len(set(options)) == len(options) >= 2
        for index, option in enumerate(options):
            if index != instance.choices.key:
                assert not answers.check(option, instance.answer, instance.accept).correct, (option, instance)


def every_instance(rule: str) -> list[Instance]:
    family = drills.RULES[rule]
    return [family.build(TABLES, case, Stream(n)) for n, case in enumerate(family.cases(TABLES))]


@pytest.mark.parametrize("rule", list(drills.RULES))
def test_every_instance_of_every_rule_follows_the_independent_table(rule: str) -> None:
    instances = every_instance(rule)
    assert instances
    for instance in instances:
        verify(instance)


@settings(max_examples=60, deadline=None)
@given(rule=st.sampled_from(list(drills.RULES)), seed=st.integers(min_value=0, max_value=2**63))
def test_generated_instances_follow_the_rules(rule: str, seed: int) -> None:
    instance = drills.generate(rule, TABLES, seed)
    assert instance.rule == rule
    verify(instance)


@settings(max_examples=30, deadline=None)
@given(rule=st.sampled_from(list(drills.RULES)), seed=st.integers(min_value=0, max_value=2**63))
def test_a_seed_gives_the_same_instance_every_time(rule: str, seed: int) -> None:
    assert drills.generate(rule, TABLES, seed) == drills.generate(rule, rule_tables.load(), seed)


def test_the_stream_is_fixed_across_runs_and_versions() -> None:
    stream = Stream(0)
    assert [stream.below(10) for _ in range(5)] == [2, 0, 9, 9, 3]
    stream = Stream(123456789)
    assert [stream.below(1000) for _ in range(3)] == [187, 60, 547]


def test_the_finite_spaces_are_complete() -> None:
    levels = {f"T{n}" for n in range(1, 13)} | {f"L{n}" for n in range(1, 6)}
    seen = {
        (i.findings["level"], i.findings["posterior_tp"], i.findings["worse_in"]) for i in every_instance("segmental")
    }
    assert seen == {(lv, s, w) for lv in levels for s in SIDE for w in ("flexion", "extension")}
    names = {sacral_diagnosis(dict(i.findings)) for i in every_instance("sacrum")}
    assert len(names) == 8  # four torsions, unilateral flexion and extension on each side
    combos = {
        (i.findings["seated_flexion"], i.findings["deep_sulcus"], i.findings["posterior_ila"])
        for i in every_instance("sacrum")
    }
    assert len(combos) == 8  # every combination of three sides names exactly one dysfunction
    assert {i.findings["spinous_process"] for i in every_instance("threes")} == {f"T{n}" for n in range(1, 13)}
    assert {i.findings["organ"] for i in every_instance("viscerosomatic")} == set(VISCERA)
    assert {i.findings["organ"] for i in every_instance("chapman")} == set(CHAPMAN)
    assert {i.findings["tender_point"] for i in every_instance("counterstrain")} == set(COUNTERSTRAIN)
    pelvis = {
        PELVIS[(str(i.findings["asis"]), _maybe(i.findings["psis"]), _maybe(i.findings["pubic_tubercle"]))]
        for i in every_instance("innominate")
    }
    assert pelvis == set(Dysfunction)
    muscles = {(i.findings["ribs"], i.answer) for i in every_instance("ribs") if i.findings["ask"] == "muscle"}
    assert {answer for _, answer in muscles} == set(MUSCLES.values())


def test_the_sacral_l5_follows_the_l5_rules() -> None:
    for row in TABLES["sacrum"].rows:
        name = row.text("diagnosis")
        if " on " not in name:
            assert row.optional("l5") is None  # the L5 rules apply to torsions only
            continue
        rotation, axis = name.split(" on ")
        l5 = notation.parse(row.text("l5"))
        assert isinstance(l5, Segmental)
        assert l5.sidebending is SIDE[axis]  # rule 1: the axis is on the side of L5 sidebending
        assert l5.rotation is SIDE[other(rotation)]  # rule 2: the sacrum rotates opposite L5
        assert l5.motion is (Motion.NEUTRAL if rotation == axis else Motion.TYPE_II)


def test_viscerosomatic_levels_accept_every_listed_range() -> None:
    for instance in every_instance("viscerosomatic"):
        if instance.findings["ask"] != "levels":
            continue
        board, others = VISCERA[str(instance.findings["organ"])]
        for levels in (board, *others):
            assert answers.check(levels, instance.answer, instance.accept).correct, levels
        assert not answers.check("C1-C2", instance.answer, instance.accept).correct


def test_viscerosomatic_reverse_accepts_organs_of_the_same_levels_only() -> None:
    for instance in every_instance("viscerosomatic"):
        if instance.findings["ask"] != "organ":
            continue
        levels = VISCERA[str(instance.findings["organ"])][0]
        for organ in instance.accept:
            assert VISCERA[organ][0] == levels
        assert instance.choices is not None
        for index, option in enumerate(instance.choices.options):
            if index != instance.choices.key:
                assert VISCERA[option][0] != levels


# ---------------------------------------------------------------- tables


def test_the_tables_load_with_a_source_on_every_row() -> None:
    assert set(TABLES.by_id) == set(SCHEMAS)
    for table in TABLES.by_id.values():
        assert table.source and table.rows
        assert all(row.source for row in table.rows)
    for rule in drills.RULES:
        assert drills.sources(rule, TABLES)


def test_the_tables_are_not_bundled_decks() -> None:
    folder = rule_tables.folder()
    assert folder.name == "rules" and folder.parent.name == "decks"
    assert not list(folder.parent.glob("rules.yaml"))
    assert {p.stem for p in folder.glob("*.yaml")} == set(SCHEMAS)


GOOD = """table: segmental
title: "Segmental"
source: "a source"
rows:
  - worse_in: flexion
    motion: extended
    source: "a source"
  - worse_in: extension
    motion: flexed
    source: "a source"
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("motion: extended", "motion: sideways"), r":6:13: segmental: rows\[0\]\.motion: 'sideways'"),
        (GOOD.replace("    motion: flexed\n", ""), r":8:5: segmental: rows\[1\]\.motion: missing"),
        (
            GOOD.replace("motion: flexed", "motion: flexed\n    colour: red"),
            r":10:5: segmental: rows\[1\]\.colour: unknown",
        ),
        (
            GOOD.replace("worse_in: extension", "worse_in: flexion"),
            r":8:15: segmental: rows\[1\]\.worse_in: 'flexion' is also",
        ),
        (GOOD.replace("table: segmental", "table: nonsense"), r":1:8: nonsense: table: unknown table"),
        (GOOD.replace('title: "Segmental"\n', ""), r":1:1: segmental: title: missing"),
        (GOOD + "  - &a {worse_in: flexion}\n", r":\d+:\d+: -: yaml: anchors and aliases are not allowed"),
        (GOOD.replace("rows:", "rows: [unclosed"), r":\d+:\d+: -: yaml: "),
    ],
)
def test_a_broken_table_gives_a_located_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "segmental.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(rule_tables.TableError) as raised:
        rule_tables.load_file(path)
    assert any(re.search(re.escape(str(path)) + expected, line) for line in raised.value.problems), (
        raised.value.problems
    )


def test_a_table_that_misses_a_level_is_refused(tmp_path: Path) -> None:
    text = (Path(rule_tables.folder()) / "threes.yaml").read_text(encoding="utf-8")
    broken = text.replace("  - levels: T12\n    offset: same\n", "  - levels: T11\n    offset: same\n")
    path = tmp_path / "threes.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(rule_tables.TableError) as raised:
        rule_tables.load_file(path)
    assert any(": threes: rows" in line and "T11 is also in row 5" in line for line in raised.value.problems)
    assert any(": threes: levels: no row covers T12" in line for line in raised.value.problems)


def test_a_missing_table_is_refused(tmp_path: Path) -> None:
    (tmp_path / "segmental.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(rule_tables.TableError) as raised:
        rule_tables.load(tmp_path)
    assert any("group: table: missing" in line for line in raised.value.problems)


def test_generators_receive_tables_and_need_nothing_else() -> None:
    tables = Tables(dict(TABLES.by_id))
    assert drills.generate("segmental", tables, 1) == drills.generate("segmental", TABLES, 1)


# ---------------------------------------------------------------- CLI


def test_drills_list_json_names_every_rule_with_its_sources(cli: Cli) -> None:
    rows = cli("drills", "list", "--json").json()
    assert [row["rule"] for row in rows] == list(drills.RULES)
    assert all(row["sources"] and all(isinstance(s, str) for s in row["sources"]) for row in rows)
    assert "segmental" in cli("drills", "list").stdout


def test_drills_sample_json_shape(cli: Cli) -> None:
    rows = cli("drills", "sample", "sacrum", "--count", "5", "--seed", "11", "--json").json()
    assert len(rows) == 5
    for n, row in enumerate(rows):
        assert {"rule", "prompt", "answer", "accept", "explanation", "findings"} <= set(row)
        assert row["rule"] == "sacrum"
        assert isinstance(row["accept"], list) and all(isinstance(a, str) for a in row["accept"])
        assert isinstance(row["findings"], dict)
        assert isinstance(row["prompt"], str) and isinstance(row["answer"], str) and isinstance(row["explanation"], str)
        assert row["seed"] == 11 + n
        assert row == {**drills.generate("sacrum", TABLES, 11 + n).as_json(), "seed": 11 + n}


def test_drills_sample_is_the_same_for_a_seed(cli: Cli) -> None:
    first = cli("drills", "sample", "ribs", "--count", "3", "--seed", "4", "--json").stdout
    assert cli("drills", "sample", "ribs", "--count", "3", "--seed", "4", "--json").stdout == first
    text = cli("drills", "sample", "ribs", "--seed", "4").stdout
    assert "Answer:" in text and "Source:" in text and "seed 4" in text


def test_drills_sample_unknown_rule_is_exit_1_naming_the_known_ones(cli: Cli) -> None:
    result = cli("drills", "sample", "fryette-iv", check=False)
    assert result.exit_code == 1
    assert "fryette-iv" in result.stderr
    assert all(rule in result.stderr for rule in drills.RULES)


def test_drills_never_open_the_database(cli: Cli, db_path: Path) -> None:
    cli("drills", "list", "--json")
    cli("drills", "sample", "segmental", "--count", "2", "--json")
    cli("drills", "sample", "threes")
    assert not db_path.exists()
    assert not db_path.parent.exists() or not any(db_path.parent.iterdir())
