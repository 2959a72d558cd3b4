"""An independent check of routeledger's Merkle proofs, written from README's description alone.

Run by `make test` after the Swift tests: ROUTELEDGER_BIN names the built executable. Uses only
Python's standard library (hashlib, base64, json, sqlite3 for tampering). It imports a small
llm-compass history with the real `routeledger import`, takes a tree head, asks `routeledger prove`
for inclusion and consistency proofs, and checks them with its own implementation of RFC 9162
§2.1.3.2 / §2.1.4.2 — recomputing every event's chain hash from the envelope and payload the proof
carries. Then it tampers with the ledger file (an event's timestamp, an event's stored hash, a cut
and a rewritten history) and shows that the checks fail as they must.
"""

import base64
import hashlib
import json
import os
import sqlite3
import struct
import subprocess
import tempfile
import unittest
import uuid

BIN = os.environ.get("ROUTELEDGER_BIN", ".build/debug/routeledger")


# ---- The checker: README "Checking a proof by hand", in Python ---------------------------------

def sha256(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def chain_hash(previous, event):
    """The event's chain hash from its envelope and canonical payload (README, "The hash chain")."""
    kind = event["type"].encode()
    request_id = event["request_id"].encode()
    return sha256(
        previous,
        struct.pack(">q", event["seq"]),
        struct.pack(">B", len(kind)), kind,
        struct.pack(">q", event["ts"]),
        struct.pack(">I", event["schema"]),
        uuid.UUID(event["event_id"]).bytes,
        struct.pack(">I", len(request_id)), request_id,
        base64.b64decode(event["payload_base64"]),
    )


def leaf_hash(event_hash):
    return sha256(b"\x00", event_hash)


def node_hash(left, right):
    return sha256(b"\x01", left, right)


def verify_inclusion(leaf, index, size, path, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, first_root, second, second_root, path):
    if first == second:
        return not path and first_root == second_root
    if first == 0 or first > second:
        return False
    if first & (first - 1) == 0:
        path = [first_root] + path
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


def check_inclusion(document, head):
    """The whole check of `prove --seq N --json` against a head the auditor kept."""
    event = document["event"]
    recomputed = chain_hash(bytes.fromhex(event["previous_hash"]), event)
    if recomputed.hex() != event["hash"] or event["hash"] != document["event_hash"]:
        return False
    return verify_inclusion(
        leaf_hash(recomputed), document["seq"] - 1, head["tree_size"],
        [bytes.fromhex(h) for h in document["path"]], bytes.fromhex(head["root_hash"]))


def reference_root(event_hashes):
    """RFC 6962 MTH over the leaves, straight from the definition (for small trees)."""
    if not event_hashes:
        return hashlib.sha256(b"").digest()
    if len(event_hashes) == 1:
        return leaf_hash(event_hashes[0])
    k = 1
    while k * 2 < len(event_hashes):
        k *= 2
    return node_hash(reference_root(event_hashes[:k]), reference_root(event_hashes[k:]))


# ---- The ledger under test --------------------------------------------------------------------

def record(index, tag):
    text = f"{tag} question {index} about {'merkle ' * (index % 7)}trees"
    return json.dumps({
        "timestamp": 1764000000.0 + index * 7.25,
        "request": {"messages": [{"role": "user", "content": text}], "temperature": 0.7, "max_tokens": 64,
                    "stream": False, "user_specified_model": None},
        "routing": {"method": "complexity", "query": text, "routing_latency_ms": 0.25, "tier": "simple",
                    "complexity_score": 0.125, "task_type": "Chatbot", "domain_knowledge": 0.0,
                    "reasoning": 0.0, "creativity": 0.1},
        "llm": {"model": "qwen-turbo", "response_id": f"{tag}-{index}", "response_content": f"answer {index}",
                "input_tokens": 10 + index, "output_tokens": 5, "total_tokens": 15 + index, "cost_usd": 1e-05,
                "llm_latency_ms": 100.5},
    })


class Ledger:
    def __init__(self, directory):
        self.path = os.path.join(directory, "ledger.sqlite")
        self.directory = directory

    def run(self, *args, check=True):
        result = subprocess.run([BIN, *args, "--ledger", self.path], capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"routeledger {' '.join(args)} exited {result.returncode}: {result.stderr}")
        return result

    def json(self, *args, check=True):
        return json.loads(self.run(*args, "--json", check=check).stdout)

    def import_records(self, count, tag):
        history = os.path.join(self.directory, f"{tag}.jsonl")
        with open(history, "w") as file:
            file.write("".join(record(index, tag) + "\n" for index in range(count)))
        self.run("import", "--format", "llm-compass", history)

    def stored_hashes(self):
        with sqlite3.connect(self.path) as db:
            return [bytes(row[0]) for row in db.execute("SELECT hash FROM events ORDER BY seq")]

    def execute(self, sql, *parameters):
        db = sqlite3.connect(self.path)
        with db:
            db.execute(sql, parameters)
        db.close()


class MerkleProofTests(unittest.TestCase):
    def setUp(self):
        self.temporary = tempfile.TemporaryDirectory()
        self.ledger = Ledger(self.temporary.name)
        self.ledger.import_records(150, "first")  # 450 events: seven full 64-leaf blocks and a partial one

    def tearDown(self):
        self.temporary.cleanup()

    def test_head_root_is_the_rfc6962_root_of_the_event_hashes(self):
        head = self.ledger.json("head")
        hashes = self.ledger.stored_hashes()
        self.assertEqual(head["tree_size"], len(hashes))
        self.assertEqual(head["tree_size"], 450)
        self.assertEqual(bytes.fromhex(head["root_hash"]), reference_root(hashes))
        for size in (1, 2, 63, 64, 65, 128, 200, 449):
            earlier = self.ledger.json("head", "--size", str(size))
            self.assertEqual(bytes.fromhex(earlier["root_hash"]), reference_root(hashes[:size]), size)

    def test_every_inclusion_proof_checks_out_from_the_events_contents(self):
        head = self.ledger.json("head")
        for seq in (1, 2, 3, 64, 65, 127, 128, 129, 300, 448, 449, 450):
            document = self.ledger.json("prove", "--seq", str(seq))
            self.assertTrue(check_inclusion(document, head), seq)
            self.assertTrue(document["verified"])
            # In an earlier head as well.
            earlier_head = self.ledger.json("head", "--size", "400")
            if seq <= 400:
                earlier = self.ledger.json("prove", "--seq", str(seq), "--tree-size", "400")
                self.assertTrue(check_inclusion(earlier, earlier_head), seq)
            # A proof for another position, or another root, does not check.
            path = [bytes.fromhex(h) for h in document["path"]]
            leaf = bytes.fromhex(document["leaf_hash"])
            self.assertFalse(verify_inclusion(leaf, (seq % 450), 450, path, bytes.fromhex(head["root_hash"])))
            self.assertFalse(verify_inclusion(leaf, seq - 1, 450, path, bytes.fromhex(earlier_head["root_hash"])))

    def test_consistency_proofs_link_every_earlier_head_to_the_current_one(self):
        current = self.ledger.json("head")
        for first in (1, 2, 3, 63, 64, 65, 100, 128, 255, 256, 257, 449, 450):
            earlier = self.ledger.json("head", "--size", str(first))
            document = self.ledger.json("prove", "--consistency-from", str(first))
            path = [bytes.fromhex(h) for h in document["path"]]
            self.assertTrue(verify_consistency(
                first, bytes.fromhex(earlier["root_hash"]), 450, bytes.fromhex(current["root_hash"]), path), first)
            if first < 450:
                self.assertFalse(verify_consistency(
                    first, bytes.fromhex(earlier["root_hash"]), 450, hashlib.sha256(b"forged").digest(), path))

    def test_an_event_altered_in_the_file_fails_its_check(self):
        head = self.ledger.json("head")
        self.ledger.execute("UPDATE events SET ts = ts + 1 WHERE seq = 100")
        document = self.ledger.json("prove", "--seq", "100", check=False)
        self.assertFalse(check_inclusion(document, head))
        self.assertNotEqual(self.ledger.run("prove", "--seq", "100", check=False).returncode, 0)
        self.assertTrue(check_inclusion(self.ledger.json("prove", "--seq", "101"), head))

    def test_a_stored_hash_rewritten_with_its_contents_does_not_lead_to_the_kept_head(self):
        head = self.ledger.json("head")
        # The attacker rewrites event 100's timestamp and its stored hash to match (but cannot
        # rewrite the kept head).
        document = self.ledger.json("prove", "--seq", "100")
        event = dict(document["event"], ts=document["event"]["ts"] + 1)
        forged = chain_hash(bytes.fromhex(event["previous_hash"]), event)
        self.ledger.execute("UPDATE events SET ts = ts + 1, hash = ? WHERE seq = 100", forged)
        after = self.ledger.json("prove", "--seq", "100", check=False)
        self.assertFalse(check_inclusion(after, head))
        self.assertEqual(self.ledger.run("verify", check=False).returncode, 1)

    def test_a_cut_ledger_cannot_prove_the_kept_head_and_a_rewritten_one_fails_consistency(self):
        kept = self.ledger.json("head")
        self.ledger.execute("DELETE FROM events WHERE seq > 300")
        cut = self.ledger.run("prove", "--consistency-from", "450", check=False)
        self.assertEqual(cut.returncode, 1)
        self.assertIn("there is no tree of", cut.stderr)
        # History rewritten past the cut: different records until the ledger is longer than before.
        self.ledger.import_records(60, "second")
        current = self.ledger.json("head")
        self.assertGreater(current["tree_size"], 450)
        self.assertEqual(self.ledger.run("verify", check=False).returncode, 0)  # a consistent chain, but another one
        document = self.ledger.json("prove", "--consistency-from", "450")
        path = [bytes.fromhex(h) for h in document["path"]]
        self.assertFalse(verify_consistency(
            450, bytes.fromhex(kept["root_hash"]), current["tree_size"], bytes.fromhex(current["root_hash"]), path))
        # The part before the cut is still consistent with the kept history.
        earlier = self.ledger.json("head", "--size", "300")
        self.assertEqual(bytes.fromhex(earlier["root_hash"]), reference_root(self.ledger.stored_hashes()[:300]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
