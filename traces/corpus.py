"""A generated toy language for the tiny model: seeded, licence-free, with structure a model can learn.

Sentences follow a small grammar: subject noun phrase (determiner, optional adjectives, singular or
plural noun, or a name), an optional relative clause ("that" + verb phrase) between subject and verb,
the verb agreeing in number with the subject across it, an object noun phrase, an optional
prepositional phrase, and a full stop. Each document draws a few topic nouns, adjectives and names
that recur (so context helps). Words are pseudo-words built from syllables (no natural text, so no
licence). Token 0 is <bos>; `encode_documents` packs documents into rows that each start with <bos>.
"""

from __future__ import annotations

import random

SYLLABLES = ["ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze", "bo", "di", "fa", "gu", "he", "jo"]
FUNCTION_WORDS = ["<bos>", ".", ",", "the", "a", "every", "that", "and", "is", "are", "very", "not"]
PREPOSITIONS = ["in", "on", "near", "under", "with", "behind"]
NOUNS, VERBS, ADJECTIVES, NAMES = 40, 32, 32, 24


def _word(rng: random.Random, used: set[str]) -> str:
    while True:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        if w not in used:
            used.add(w)
            return w


def vocabulary() -> dict[str, list[str]]:
    """Word classes; the same list on every run (fixed seed)."""
    rng = random.Random(1234)
    used = set(FUNCTION_WORDS) | set(PREPOSITIONS)
    nouns = [_word(rng, used) for _ in range(NOUNS)]
    verbs = [_word(rng, used) for _ in range(VERBS)]
    return {
        "function": FUNCTION_WORDS, "prep": PREPOSITIONS,
        "noun": nouns, "nouns": [n + "s" for n in nouns],
        "verb_sg": [v + "z" for v in verbs], "verb_pl": verbs,
        "adj": [_word(rng, used) for _ in range(ADJECTIVES)],
        "name": [_word(rng, used).capitalize() for _ in range(NAMES)],
    }


def token_list() -> list[str]:
    v = vocabulary()
    return v["function"] + v["prep"] + v["noun"] + v["nouns"] + v["verb_sg"] + v["verb_pl"] + v["adj"] + v["name"]


def _zipf(rng: random.Random, items: list[str], s: float = 1.1) -> str:
    weights = [1.0 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights)[0]


def _noun_phrase(rng: random.Random, v: dict, topic: dict, plural: bool) -> list[str]:
    if not plural and rng.random() < 0.2:
        return [rng.choice(topic["name"])]
    det = rng.choice(["the", "every"] if not plural else ["the"]) if rng.random() < 0.7 else ("a" if not plural else "the")
    words = [det]
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        if rng.random() < 0.15:
            words.append("very")
        words.append(_zipf(rng, topic["adj"]))
    i = v["noun"].index(_zipf(rng, topic["noun"]))
    words.append(v["nouns"][i] if plural else v["noun"][i])
    return words


def _verb(rng: random.Random, v: dict, topic: dict, plural: bool) -> str:
    i = v["verb_pl"].index(_zipf(rng, topic["verb"]))
    return v["verb_pl"][i] if plural else v["verb_sg"][i]


def sentence(rng: random.Random, v: dict, topic: dict) -> list[str]:
    plural = rng.random() < 0.4
    words = _noun_phrase(rng, v, topic, plural)
    if rng.random() < 0.3:  # relative clause: agreement must skip over it
        words += ["that", _verb(rng, v, topic, plural)] + _noun_phrase(rng, v, topic, rng.random() < 0.4)
    if rng.random() < 0.2:
        words += ["is" if not plural else "are"] + (["not"] if rng.random() < 0.2 else []) + [_zipf(rng, topic["adj"])]
    else:
        words += [_verb(rng, v, topic, plural)] + _noun_phrase(rng, v, topic, rng.random() < 0.4)
        if rng.random() < 0.3:
            words += [rng.choice(PREPOSITIONS)] + _noun_phrase(rng, v, topic, rng.random() < 0.4)
    return words + ["."]


def document(rng: random.Random, v: dict) -> list[str]:
    topic = {
        "noun": rng.sample(v["noun"], 8), "adj": rng.sample(v["adj"], 6),
        "verb": rng.sample(v["verb_pl"], 8), "name": rng.sample(v["name"], 3),
    }
    out: list[str] = []
    for _ in range(rng.randint(4, 12)):
        out += sentence(rng, v, topic)
    return out


def encode_documents(seed: int, rows: int, seq_len: int) -> list[list[int]]:
    """`rows` token rows of `seq_len`, each starting with <bos> and continuing through whole documents."""
    rng = random.Random(seed)
    v = vocabulary()
    ids = {w: i for i, w in enumerate(token_list())}
    out = []
    for _ in range(rows):
        row = [0]
        while len(row) < seq_len:
            row += [ids[w] for w in document(rng, v)]
        out.append(row[:seq_len])
    return out
