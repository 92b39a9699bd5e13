"""Build the spoken-form Latvian text for training and the fixed held-out split.

Writes <out>/train.txt and <out>/test.txt (one utterance a line, lower case,
numbers as words, no punctuation). Natural sentences come from the treebank and
NTREX (CC BY-SA 4.0); domain sentences are generated from the compiled lists.
The split is by a hash of the sentence, so it is stable across runs.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

import lv_spoken as sp

PROVIDERS = ["latvenergo", "latvijas gāze", "rīgas ūdens", "rīgas siltums", "tet", "elektrum",
             "daugavpils siltumtīkli", "jelgavas ūdens", "getliners", "eco baltia vide",
             "clean r", "rīgas namu pārvaldnieks", "valmieras ūdens", "liepājas ūdens"]
INSTITUTIONS = ["valsts sociālās apdrošināšanas aģentūra", "nodarbinātības valsts aģentūra",
                "bāriņtiesa", "labklājības ministrija", "valsts probācijas dienests",
                "veselības inspekcija", "sociālās integrācijas valsts aģentūra",
                "valsts policija", "pašvaldības policija", "ģimenes ārsts", "dienas centrs"]
LABELS = ["vārds", "uzvārds", "personas kods", "adrese", "tālrunis", "telefons",
          "mājsaimniecības locekļu skaits", "ienākumi", "īre", "īres maksa", "komunālie maksājumi",
          "pakalpojuma sniedzējs", "rēķina numurs", "konta numurs", "datums", "piezīmes",
          "klients", "vizītes veids", "apraksts", "lēmumi", "nākamā tikšanās"]
COMMANDS = ["nākamais lauks", "iepriekšējais lauks", "saglabāt", "punkts", "komats",
            "jautājuma zīme", "izsaukuma zīme", "kols", "domuzīme", "jauna rindkopa", "jauna rinda",
            "labot", "dzēst", "lauks"]
VISIT_TYPES = ["mājas vizīte", "klātienes konsultācija", "telefonsaruna"]
FILLERS = ["klients", "kliente", "ģimene", "mājsaimniecība", "persona", "pensionārs", "pensionāre"]
VERBS = ["lūdz piešķirt", "saņem", "pieprasa", "ir tiesīgs saņemt", "atteicās no", "iesniedza iesniegumu par"]


def load_lines(path: Path) -> list[str]:
    return [l.strip() for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def clean_list(items: list[str]) -> list[str]:
    out = []
    for it in items:
        n = sp.normalise_plain(it)
        if n:
            out.append(n)
    return sorted(set(out))


def natural_sentences(data: Path) -> list[str]:
    raw = load_lines(data / "ud-lvtb-sentences/sentences.txt") + load_lines(data / "ntrex128-lv/sentences.txt")
    out: set[str] = set()
    for line in raw:
        # Long sentences become clauses: shorter utterances train faster and match dictation.
        for clause in re.split(r"[;:]|, (?=\w+\s\w+\s\w+)", line) if len(line.split()) > 18 else [line]:
            n = sp.normalise_plain(clause)
            if n and 3 <= len(n.split()) <= 20:
                out.add(n)
    return sorted(out)


class Domain:
    def __init__(self, data: Path):
        names = load_lines(data / "names-lv/top100_given_names_male.txt") + load_lines(
            data / "names-lv/top100_given_names_female.txt")
        cal = [l.split("\t")[0] for l in load_lines(data / "names-lv/given_names_calendar.tsv")[1:]]
        self.given = clean_list(names + cal[::7])
        self.surnames = clean_list(load_lines(data / "names-lv/top100_surnames_male.txt")
                                   + load_lines(data / "names-lv/top100_surnames_female.txt"))
        self.streets = clean_list(load_lines(data / "streets-lv/common_street_names.txt"))
        rows = [l.split("\t") for l in load_lines(data / "municipalities-lv/municipalities.tsv")[1:]]
        self.municipalities = clean_list([r[0] for r in rows])
        self.locatives = clean_list([r[4] for r in rows if len(r) > 4])
        self.towns = clean_list(load_lines(data / "municipalities-lv/towns.txt"))
        terms = [l.split("\t")[0] for l in load_lines(data / "social-services-terms-lv/terms.tsv")[1:]]
        self.terms = clean_list(terms)
        abbr = [l.split("\t") for l in load_lines(data / "social-services-terms-lv/abbreviations.tsv")[1:]]
        self.abbr_spoken = sorted({a[2].replace("-", " ") for a in abbr if len(a) > 2 and a[2]})
        self.abbr_spoken = [sp.normalise_plain(a) for a in self.abbr_spoken if sp.normalise_plain(a)]

    def sentence(self, rng: random.Random) -> str:
        c = rng.choice
        name = f"{c(self.given)} {c(self.surnames)}"
        house = sp.cardinal(rng.randint(1, 150))
        flat = sp.cardinal(rng.randint(1, 120))
        templates = [
            lambda: f"vārds {c(self.given)} uzvārds {c(self.surnames)} personas kods {sp.spoken_personal_code(rng)}",
            lambda: f"adrese {c(self.streets)} {house} dzīvoklis {flat} {c(self.towns)}",
            lambda: f"klients {name} dzīvo {c(self.streets)} {house} {c(self.locatives)}",
            lambda: f"tālrunis {sp.spoken_phone(rng)}",
            lambda: f"īres maksa {sp.spoken_money(rng)} komunālie maksājumi {sp.spoken_money(rng)}",
            lambda: f"ienākumi {sp.spoken_money(rng)} mēnesī",
            lambda: f"mājsaimniecības locekļu skaits {sp.cardinal(rng.randint(1, 9))}",
            lambda: f"pakalpojuma sniedzējs {c(PROVIDERS)} rēķina numurs {sp.digit_groups(str(rng.randint(10000, 99999999)), rng)}",
            lambda: f"konta numurs {sp.spoken_iban(rng)}",
            lambda: f"datums {sp.spoken_date(rng)}",
            lambda: f"nākamā tikšanās {sp.spoken_date(rng)}",
            lambda: f"vizītes veids {c(VISIT_TYPES)}",
            lambda: f"{c(FILLERS)} {c(VERBS)} {c(self.terms)}",
            lambda: f"{c(self.locatives)} {c(self.terms)} tika piešķirts {sp.spoken_date(rng)}",
            lambda: f"{c(self.terms)} komats {c(self.terms)} punkts",
            lambda: f"apraksts {c(FILLERS)} {c(VERBS)} {c(self.terms)} punkts jauna rindkopa",
            lambda: f"{c(LABELS)} {c(COMMANDS)} {c(LABELS)}",
            lambda: f"labot {c(LABELS)} {c(self.given)}",
            lambda: f"{c(self.abbr_spoken)} pabalsts {sp.spoken_money(rng)}",
            lambda: f"{c(INSTITUTIONS)} nosūtīja informāciju par klientu {name}",
            lambda: f"{name} saņēma {c(self.terms)} {c(self.municipalities)} novadā",
            lambda: f"piezīmes {c(FILLERS)} dzīvo viena {c(self.locatives)} jautājuma zīme",
            lambda: f"{c(self.terms)} {sp.cardinal(rng.randint(2, 40), feminine=rng.random() < 0.5)} mēnešus",
            lambda: f"lēmumi piešķirt {c(self.terms)} no {sp.spoken_date(rng)}",
        ]
        return " ".join(rng.choice(templates)().split())


def is_test(sentence: str, share: float) -> bool:
    h = int(hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:8], 16)
    return (h % 10_000) < share * 10_000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared/data")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--natural", type=int, default=12000, help="natural sentences for training")
    ap.add_argument("--domain", type=int, default=6000, help="generated domain sentences for training")
    ap.add_argument("--test-natural", type=int, default=300)
    ap.add_argument("--test-domain", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    nat = natural_sentences(args.data)
    nat_test = [s for s in nat if is_test(s, 0.05)]
    nat_train = [s for s in nat if not is_test(s, 0.05)]
    rng.shuffle(nat_train)
    rng.shuffle(nat_test)
    dom = Domain(args.data)
    dom_train: list[str] = []
    dom_test: list[str] = []
    seen: set[str] = set()
    while len(dom_train) < args.domain or len(dom_test) < args.test_domain:
        s = dom.sentence(rng)
        if s in seen:
            continue
        seen.add(s)
        if is_test(s, 0.05):
            if len(dom_test) < args.test_domain:
                dom_test.append(s)
        elif len(dom_train) < args.domain:
            dom_train.append(s)

    train = nat_train[: args.natural] + dom_train
    test = nat_test[: args.test_natural] + dom_test
    rng.shuffle(train)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "train.txt").write_text("\n".join(train) + "\n", encoding="utf-8")
    (args.out / "test.txt").write_text("\n".join(test) + "\n", encoding="utf-8")
    chars = sorted(set("".join(train + test)))
    stats = {"train": len(train), "test": len(test), "natural_available": len(nat),
             "train_words": sum(len(s.split()) for s in train), "chars": "".join(chars)}
    (args.out / "text-stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1))
    print(json.dumps(stats, ensure_ascii=False))


if __name__ == "__main__":
    main()
