"""Writes tokenizer_fixture.json: texts and the ids pip `tiktoken` gives for them.

Run once, offline, from the repository root:

    pip install tiktoken
    python3 Tests/RouterTests/Fixtures/make_tokenizer_fixture.py

The rank files are the ones the package ships (Sources/Router/Resources/*.tiktoken.zst), checked
against tiktoken's published SHA-256; the pattern and special tokens come from the installed
tiktoken's tiktoken_ext/openai_public.py, so nothing is fetched.
"""
import base64
import hashlib
import json
import pathlib
import random
import subprocess

import tiktoken
from tiktoken_ext import openai_public

ROOT = pathlib.Path(__file__).resolve().parents[3]
HASHES = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}


def load(name):
    path = ROOT / "Sources/Router/Resources" / f"{name}.tiktoken.zst"
    data = subprocess.run(["zstd", "-dc", str(path)], check=True, capture_output=True).stdout
    digest = hashlib.sha256(data).hexdigest()
    if digest != HASHES[name]:
        raise SystemExit(f"{name}: SHA-256 {digest} is not tiktoken's {HASHES[name]}")
    ranks = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    # The spec functions would download the rank file; hand them ours instead.
    openai_public.load_tiktoken_bpe = lambda *args, **kwargs: ranks
    spec = getattr(openai_public, name)()
    return tiktoken.Encoding(
        name=name, pat_str=spec["pat_str"], mergeable_ranks=ranks, special_tokens=spec["special_tokens"]
    )


PROSE = (
    "The quick brown fox jumps over the lazy dog. It's a well-known pangram; they'd say it's "
    "used to test typewriters, fonts, and keyboards. Don't you think so? I'm sure we'll see.\n"
)
SWIFT = '''import Foundation

/// A point in 2-D space.
struct Point: Hashable {
    var x: Double
    var y: Double

    func distance(to other: Point) -> Double {
        let dx = x - other.x, dy = y - other.y
        return (dx * dx + dy * dy).squareRoot()
    }
}

let points = [Point(x: 0, y: 0), Point(x: 3, y: 4)]
print(points[0].distance(to: points[1]))  // 5.0
'''
PYTHON = '''def fib(n: int) -> int:
\t"""Return the n-th Fibonacci number."""
\ta, b = 0, 1
\tfor _ in range(n):
\t\ta, b = b, a + b
\treturn a


if __name__ == "__main__":
    print({i: fib(i) for i in range(20)})
'''
JSON = '{"model":"gpt-4o","messages":[{"role":"user","content":"Hi!"}],"temperature":0.7,"max_tokens":1024,"stream":false,"tags":["a/b","c\\\\d"],"x":null}'
CJK = "中文分词是自然语言处理的基础任务。日本語のテキストも含まれています、カタカナとひらがな。한국어 문장도 있습니다: 안녕하세요!"
EMOJI = "Emoji: 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇺🇸🇯🇵🇩🇪 ❤️ ✨🔥 1️⃣ #️⃣ 🧑🏿‍💻"
CONTRACTIONS = (
    "it's IT'S It'S he'll HE'LL He'Ll we've WE'VE I'm I'M they're THEY'RE she'd SHE'D don't DON'T "
    "'s 'S 'll 'LL 've 'VE 're 'RE 'm 'M 'd 'D 't 'T 'x 'sound 'ſ ’s rock'n'roll o'clock"
)
NUMBERS = "0 1 12 123 1234 12345 123456 1234567 12345678 3.14159 -42 1e10 1,000,000 ٣٤٥ ½ ⅷ Ⅻ 2025-11-21T18:03:25Z"
WHITESPACE = [
    "a" + " " * 40 + "b",
    " " * 100,
    "x\t\t\t\ty",
    "line one\r\nline two\r\n\r\n\r\nline five\n\n\n",
    "  leading and trailing  ",
    "trailing newline then spaces\n   ",
    "trailing spaces then newline   \n",
    "mixed \u00a0nbsp\u3000ideographic\u2003em\u2028sep\u0085nel",
    "\n",
    "   \n\t \r\n  x",
    "end with tab\t",
]
PUNCTUATION = "!!! ??? ... --- === +++ *** /// \\\\\\ ((())) [[[ ]]] {{{}}} <|endoftext|> <|fim_prefix|> @#$%^&*~` «quotes» „Anführung“ — – … !\n/\n!\r\n//"
ACCENTS = (
    "Café naïve résumé coöperate Ångström Straße ÉCOLE déjà-vu façade "
    "cafe\u0301 nai\u0308ve e\u0301\u0302\u0303 A\u030a \u0301lone Ǆemal ǅemal ǆemal ᾈ ῼ "
    "Ελληνικά Русский текст עברית العربية हिन्दी ไทย"
)
CASES = ["", "a", " ", "Hello", "Hello world", "HELLO World", "helloWORLDfoo", "XMLHttpRequest", "iPhone", "中A", "ÀÉÎ", "aÀb",
    # ſ folds to s in the case-insensitive contraction suffix; U+088F (Unicode 17) is unassigned for
    # tiktoken's regex engine (Unicode 16 tables).
    "x'ſ'SA", "A\u088f's"]


def mixed(seed, length):
    rng = random.Random(seed)
    parts = [PROSE, SWIFT, PYTHON, JSON, CJK, EMOJI, CONTRACTIONS, NUMBERS, PUNCTUATION, ACCENTS] + WHITESPACE
    out = []
    while sum(map(len, out)) < length:
        piece = rng.choice(parts)
        start = rng.randrange(len(piece) + 1)
        out.append(piece[start : start + rng.randrange(1, 200)])
    return "".join(out)


LONG_PIECES = [
    "a" * 5000,
    "".join(random.Random(7).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(5000)),
    " " * 3000 + "x",
]

TEXTS = (
    CASES
    + LONG_PIECES
    + [PROSE, SWIFT, PYTHON, JSON, CJK, EMOJI, CONTRACTIONS, NUMBERS, PUNCTUATION, ACCENTS]
    + WHITESPACE
    + [mixed(seed, 4000) for seed in range(4)]
)

MESSAGES = [
    [{"role": "user", "content": "Hello!"}],
    [
        {"role": "system", "content": "You are a helpful, pattern-following assistant."},
        {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
        {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
        {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."},
    ],
    [{"role": "assistant", "content": ""}],
]


def count_messages(encoding, messages):
    """OpenAI cookbook's num_tokens_from_messages for the gpt-4 / gpt-4o family."""
    total = 3
    for message in messages:
        total += 3
        for key, value in message.items():
            total += len(encoding.encode_ordinary(value))
            if key == "name":
                total += 1
    return total


def main():
    fixture = {"tiktoken_version": tiktoken.__version__, "encodings": {}, "messages": []}
    encodings = {name: load(name) for name in HASHES}
    for name, encoding in encodings.items():
        fixture["encodings"][name] = [{"text": t, "ids": encoding.encode_ordinary(t)} for t in TEXTS]
    for messages in MESSAGES:
        fixture["messages"].append(
            {"messages": messages, "counts": {n: count_messages(e, messages) for n, e in encodings.items()}}
        )
    out = pathlib.Path(__file__).with_name("tokenizer_fixture.json")
    out.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(TEXTS)} texts per encoding")


if __name__ == "__main__":
    main()
