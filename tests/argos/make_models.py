#!/usr/bin/env python3
"""Build two tiny, real Argos Translate packages for the test suite.

The packages translate between English ("en") and an artificial
"pseudo-word language" that borrows Esperanto's code ("eo").  The language is
a word-for-word substitution cipher of ~200 English press-release words, so
tests can compute the expected output of a translation from
``tests/data/argos/lexicon.json``.

This script is NOT run by CI.  It was run by hand, from the repository root
(needs ``pip install onnx`` in the venv, used only here to write the sentence
splitter), as two invocations of the same run:

    .venv/bin/python tests/argos/make_models.py --work-dir /tmp/argos-work --max-minutes 18
    .venv/bin/python tests/argos/make_models.py --work-dir /tmp/argos-work --max-minutes 25 --resume

i.e. about 45 minutes of training per model (20 + 26 minutes wall-clock), on a
2-core CPU box that was shared with other jobs (the en->eo and eo->en trainings
run as two parallel processes with one torch thread each; ~0.4-1 s per step).
Neither run reached the 99% stop criterion; they stopped at the time limit with
96.7% (en->eo) and 97.0% (eo->en) of held-out sentences exactly right.  A plain
``make_models.py --max-minutes 60`` should give the same kind of result in one go
(re-running will not reproduce the shipped weights bit for bit).
See tests/argos/README.md for details.

Outputs:
    tests/data/argos/translate-en_eo-1_0.argosmodel
    tests/data/argos/translate-eo_en-1_0.argosmodel
    tests/data/argos/lexicon.json

Each .argosmodel is a zip with one top-level folder holding metadata.json,
README.md, sentencepiece.model, model/ (CTranslate2, int8) and
minisbd/<name>.onnx (a hand-built, rule-based MiniSBD sentence splitter, so
argostranslate never downloads anything).

How it works:
  1. A seeded syllable generator gives every English word one pseudo word
     ("officer" and "report" get two, used ~65% / ~35% of the time in the
     training data).  Capitalisation is carried over (Cap -> Cap, ALL CAPS ->
     ALL CAPS); punctuation, numbers, placeholders {0}..{9} and a few
     snake_case identifiers are copied verbatim.
  2. Random sentences (3-20 words) are generated on both sides.
  3. One shared SentencePiece unigram model is trained on both sides.
  4. A small pre-norm Transformer (d_model 128, 4 heads, 2+2 layers, ffn 256,
     LayerNorm eps 1e-6, sinusoidal positions, tied embeddings) is trained in
     plain torch for each direction until greedy decoding gets >= 99% of the
     held-out sentences exactly right.
  5. The weights are mapped one to one onto ctranslate2.specs.TransformerSpec
     and saved through a ctranslate2.converters.Converter subclass with int8
     quantisation.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "tests" / "data" / "argos"

SEED = 20240611

# --------------------------------------------------------------------------
# 1. The pseudo-word language
# --------------------------------------------------------------------------

ENGLISH_WORDS = """
the of and a in to for with on at by from as an into over after during
against between under about out not also but or which who it they we them
its our their his her was were is are has have had be been will would can
could should must may this that these those more than all most some many
other each both very there here now then when new first second third last
next important successful high public major key full
police officer officers operation operations conference general secretariat
secretary committee executive chief bureau national central regional african
africa europe asia americas president vice minister prime ministry internal
affairs crime crimes trafficking wildlife drug drugs human countries country
meeting meetings delegation report reports security cooperation
international organization results year years week weeks month months day
days today said says held opened opens took part file files user users count
government law enforcement agency agencies member members states world global
network training support project programme data information team teams
experts arrested seized suspects illegal border borders capital city region
level group groups criminal criminals investigation investigations officials
official director head forum summit session agenda strategy plan action
capacity tools access services service threat threats terrorism cybercrime
fraud money financial partners partnership community online system systems
weapons firearms stolen vehicles goods victims children women people million
across around through including welcomed announced launched signed agreed
discussed highlighted added called led joined attended help work working
strengthen improve ensure provide share make take
""".split()

AMBIGUOUS = ("officer", "report")
AMBIGUOUS_WEIGHTS = (0.65, 0.35)

IDENTIFIERS = [
    "file_count", "user_name", "total_files", "max_retries", "user_id",
    "error_code", "start_time", "end_date", "item_count", "page_size",
]

PLACEHOLDERS = ["{%d}" % i for i in range(10)]
PUNCT_COPIED = list(".,;:!?()\"'-")

CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"


def _dedupe(words):
    seen, out = set(), []
    for w in words:
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def build_lexicon(seed: int = SEED) -> dict:
    """English word -> pseudo word(s), deterministic for a given seed."""
    rng = random.Random(seed)
    words = _dedupe(ENGLISH_WORDS)
    taken = set(words) | set(IDENTIFIERS)

    def syllable():
        s = rng.choice(CONSONANTS) + rng.choice(VOWELS)
        if rng.random() < 0.25:
            s += rng.choice("lnrs")
        return s

    def pseudo(n_syll):
        while True:
            w = "".join(syllable() for _ in range(n_syll))
            if w not in taken:
                taken.add(w)
                return w

    def n_syllables(english):
        if len(english) <= 3:
            return 1 if rng.random() < 0.5 else 2
        if len(english) <= 6:
            return 2
        return 3

    mapping, ambiguous = {}, {}
    for w in words:
        mapping[w] = pseudo(n_syllables(w))
        if w in AMBIGUOUS:
            ambiguous[w] = [mapping[w], pseudo(n_syllables(w))]
    return {
        "language": {
            "code": "eo",
            "name": "Esperanto (pseudo)",
            "note": "artificial word-for-word substitution language; not Esperanto",
        },
        "words": mapping,  # ambiguous words map to their first (majority) rendering
        "ambiguous": ambiguous,
        "ambiguous_weights": list(AMBIGUOUS_WEIGHTS),
        "identifiers": IDENTIFIERS,
        "placeholders": PLACEHOLDERS,
        "copied_punctuation": PUNCT_COPIED,
        "rules": [
            "each English word is replaced by its pseudo word, same word order",
            "Capitalized -> Capitalized, ALL CAPS -> ALL CAPS, lower -> lower",
            "punctuation, numbers, {0}..{9} placeholders and identifiers are copied verbatim",
            "argostranslate's own decode turns '_' into ' ' (file_count -> 'file count')",
        ],
    }


def apply_case(template: str, word: str) -> str:
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# --------------------------------------------------------------------------
# 2. Parallel data
# --------------------------------------------------------------------------

FUNCTION_WORDS = set(_dedupe(ENGLISH_WORDS)[: _dedupe(ENGLISH_WORDS).index("police")])


def _number(rng):
    r = rng.random()
    if r < 0.3:
        return str(rng.randint(0, 99))
    if r < 0.55:
        return str(rng.randint(1950, 2030))
    if r < 0.75:
        return "%d.%d" % (rng.randint(0, 99), rng.randint(0, 9))
    if r < 0.9:
        return str(rng.randint(100, 99999))
    return "%d,%03d" % (rng.randint(1, 999), rng.randint(0, 999))


def make_pair(rng: random.Random, lex: dict):
    """Return (english, pseudo) sentence strings."""
    words = list(lex["words"])
    content = [w for w in words if w not in FUNCTION_WORDS]
    function = [w for w in words if w in FUNCTION_WORDS]
    n = rng.randint(3, 20)
    # items: (english_text, eo_text) ; punctuation handled by attach flags
    items = []
    for _ in range(n):
        r = rng.random()
        if r < 0.06:
            tok = rng.choice(PLACEHOLDERS)
            items.append([tok, tok])
            continue
        if r < 0.11:
            tok = _number(rng)
            items.append([tok, tok])
            continue
        if r < 0.14:
            tok = rng.choice(IDENTIFIERS)
            items.append([tok, tok])
            continue
        if r < 0.20:
            en = rng.choice(AMBIGUOUS)
        elif r < 0.55:
            en = rng.choice(function)
        else:
            en = rng.choice(content)
        if en in lex["ambiguous"]:
            eo = lex["ambiguous"][en][0 if rng.random() < AMBIGUOUS_WEIGHTS[0] else 1]
        else:
            eo = lex["words"][en]
        c = rng.random()
        if c < 0.04:
            en, eo = en.upper(), eo.upper()
        elif c < 0.16:
            en, eo = apply_case("Xx", en), apply_case("Xx", eo)
        items.append([en, eo])
    # sentence-initial capital (words only)
    if rng.random() < 0.85 and items[0][0][:1].isalpha() and items[0][0] not in IDENTIFIERS:
        if not items[0][0].isupper():
            items[0] = [apply_case("Xx", items[0][0]), apply_case("Xx", items[0][1])]

    # build strings with punctuation: list of (text_en, text_eo, space_before)
    toks = []
    i = 0
    while i < len(items):
        r = rng.random()
        if r < 0.05 and i + 1 < len(items):
            # bracketed / quoted span of 1-3 items
            span = rng.randint(1, min(3, len(items) - i))
            op, cl = rng.choice([("(", ")"), ('"', '"'), ("'", "'")])
            for j in range(span):
                en, eo = items[i + j]
                if j == 0:
                    en, eo = op + en, op + eo
                if j == span - 1:
                    en, eo = en + cl, eo + cl
                toks.append([en, eo, True])
            i += span
        else:
            toks.append([items[i][0], items[i][1], True])
            i += 1
        if i < len(items):
            p = rng.random()
            if p < 0.08:
                toks[-1][0] += ","
                toks[-1][1] += ","
            elif p < 0.10:
                sym = rng.choice([";", ":"])
                toks[-1][0] += sym
                toks[-1][1] += sym
            elif p < 0.12:
                toks.append(["-", "-", True])
            elif p < 0.135:
                # hyphenated compound: no spaces around '-'
                toks[-1][0] += "-"
                toks[-1][1] += "-"
                toks.append([items[i][0], items[i][1], False])
                i += 1
    end = rng.random()
    if end < 0.74:
        e = "."
    elif end < 0.82:
        e = "?"
    elif end < 0.88:
        e = "!"
    elif end < 0.91:
        e = ":"
    else:
        e = ""
    toks[-1][0] += e
    toks[-1][1] += e

    def join(k):
        out = ""
        for t in toks:
            if out and t[2]:
                out += " "
            out += t[k]
        return out

    return join(0), join(1)


def canonical_eo(text: str, lex: dict) -> str:
    """Replace the second rendering of ambiguous words by the first (any case)."""
    for first, second in lex["ambiguous"].values():
        for f, s in ((first, second), (first.capitalize(), second.capitalize()),
                     (first.upper(), second.upper())):
            text = re.sub(r"\b%s\b" % re.escape(s), f, text)
    return text


# --------------------------------------------------------------------------
# 3. SentencePiece
# --------------------------------------------------------------------------

def train_sentencepiece(lines, prefix: Path, vocab_size: int):
    import sentencepiece as spm

    txt = prefix.with_suffix(".txt")
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(txt),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        user_defined_symbols=PLACEHOLDERS,
        split_digits=True,
        unk_id=0, bos_id=1, eos_id=2, pad_id=3,
        num_threads=1,
        input_sentence_size=len(lines),
        shuffle_input_sentence=False,
        seed_sentencepiece_size=200000,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


# --------------------------------------------------------------------------
# 4. The transformer (plain torch) and its training
# --------------------------------------------------------------------------

D_MODEL, HEADS, LAYERS, FFN_DIM, EPS, MAX_POS = 128, 4, 2, 256, 1e-6, 512
BOS, EOS, PAD = 1, 2, 3


def build_model_classes():
    import torch
    from torch import nn
    import torch.nn.functional as F

    def sinusoids(n, d):
        pos = torch.arange(n, dtype=torch.float32)[:, None]
        div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
        pe = torch.zeros(n, d)
        pe[:, 0::2] = torch.sin(pos * div)
        pe[:, 1::2] = torch.cos(pos * div)
        return pe

    class Attention(nn.Module):
        def __init__(self):
            super().__init__()
            self.q = nn.Linear(D_MODEL, D_MODEL)
            self.k = nn.Linear(D_MODEL, D_MODEL)
            self.v = nn.Linear(D_MODEL, D_MODEL)
            self.o = nn.Linear(D_MODEL, D_MODEL)

        def forward(self, x, mem, mask):
            b, t, _ = x.shape
            s = mem.shape[1]
            dh = D_MODEL // HEADS
            q = self.q(x).view(b, t, HEADS, dh).transpose(1, 2)
            k = self.k(mem).view(b, s, HEADS, dh).transpose(1, 2)
            v = self.v(mem).view(b, s, HEADS, dh).transpose(1, 2)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
            return self.o(y.transpose(1, 2).reshape(b, t, D_MODEL))

    class FFN(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = nn.LayerNorm(D_MODEL, eps=EPS)
            self.w1 = nn.Linear(D_MODEL, FFN_DIM)
            self.w2 = nn.Linear(FFN_DIM, D_MODEL)

        def forward(self, x):
            return x + self.w2(F.relu(self.w1(self.norm(x))))

    class EncoderLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = nn.LayerNorm(D_MODEL, eps=EPS)
            self.attn = Attention()
            self.ffn = FFN()

        def forward(self, x, mask):
            h = self.norm(x)
            x = x + self.attn(h, h, mask)
            return self.ffn(x)

    class DecoderLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm1 = nn.LayerNorm(D_MODEL, eps=EPS)
            self.self_attn = Attention()
            self.norm2 = nn.LayerNorm(D_MODEL, eps=EPS)
            self.cross_attn = Attention()
            self.ffn = FFN()

        def forward(self, x, mem, self_mask, mem_mask):
            h = self.norm1(x)
            x = x + self.self_attn(h, h, self_mask)
            x = x + self.cross_attn(self.norm2(x), mem, mem_mask)
            return self.ffn(x)

    class Transformer(nn.Module):
        def __init__(self, vocab):
            super().__init__()
            self.emb = nn.Embedding(vocab, D_MODEL)  # shared src/tgt/output
            nn.init.normal_(self.emb.weight, std=D_MODEL ** -0.5)
            self.register_buffer("pe", sinusoids(MAX_POS, D_MODEL), persistent=False)
            self.enc = nn.ModuleList(EncoderLayer() for _ in range(LAYERS))
            self.enc_norm = nn.LayerNorm(D_MODEL, eps=EPS)
            self.dec = nn.ModuleList(DecoderLayer() for _ in range(LAYERS))
            self.dec_norm = nn.LayerNorm(D_MODEL, eps=EPS)
            self.out_bias = nn.Parameter(torch.zeros(vocab))

        def embed(self, ids):
            return self.emb(ids) * math.sqrt(D_MODEL) + self.pe[: ids.shape[1]]

        def encode(self, src):
            mask = (src != PAD)[:, None, None, :]
            x = self.embed(src)
            for layer in self.enc:
                x = layer(x, mask)
            return self.enc_norm(x), mask

        def decode(self, tgt_in, mem, mem_mask, last_only=False):
            t = tgt_in.shape[1]
            causal = torch.ones(t, t, dtype=torch.bool).tril()[None, None]
            x = self.embed(tgt_in)
            for layer in self.dec:
                x = layer(x, mem, causal, mem_mask)
            if last_only:
                x = x[:, -1:]
            return F.linear(self.dec_norm(x), self.emb.weight, self.out_bias)

        def forward(self, src, tgt_in):
            mem, mask = self.encode(src)
            return self.decode(tgt_in, mem, mask)

        @torch.no_grad()
        def greedy(self, src, max_len=None):
            mem, mask = self.encode(src)
            max_len = max_len or int(src.shape[1] * 1.5) + 8
            ys = torch.full((src.shape[0], 1), BOS, dtype=torch.long)
            done = torch.zeros(src.shape[0], dtype=torch.bool)
            for _ in range(max_len):
                nxt = self.decode(ys, mem, mask, last_only=True)[:, -1].argmax(-1)
                nxt = torch.where(done, torch.full_like(nxt, PAD), nxt)
                ys = torch.cat([ys, nxt[:, None]], 1)
                done |= nxt == EOS
                if done.all():
                    break
            return ys[:, 1:]

    return Transformer


def _pad(seqs, value=PAD):
    import torch

    n = max(len(s) for s in seqs)
    return torch.tensor([s + [value] * (n - len(s)) for s in seqs], dtype=torch.long)


def train_direction(direction: str, work: str, max_minutes: float, target_acc: float, log_path: str,
                    resume: bool = False):
    """Runs in its own process: trains one direction, saves weights + stats."""
    import torch
    import torch.nn.functional as F
    import sentencepiece as spm

    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    rng = random.Random(SEED + (1 if direction == "en_eo" else 2))
    work = Path(work)
    log = open(log_path, "a" if resume else "w", buffering=1)
    lex = json.loads((work / "lexicon.json").read_text())
    sp = spm.SentencePieceProcessor(model_file=str(work / "sentencepiece.model"))
    data = json.loads((work / "data.json").read_text())
    src_i, tgt_i = (0, 1) if direction == "en_eo" else (1, 0)
    train = [(sp.encode(p[src_i]), sp.encode(p[tgt_i])) for p in data["train"]]
    held = data["held_out"]
    held_src = [sp.encode(p[src_i]) for p in held]

    Transformer = build_model_classes()
    model = Transformer(sp.get_piece_size())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98), eps=1e-9)
    warmup, peak = 400, 2e-3

    # length-bucketed batches of roughly TOKENS target tokens
    TOKENS = 2500
    order = sorted(range(len(train)), key=lambda i: len(train[i][1]))
    batches, cur, cur_max = [], [], 0
    for i in order:
        m = max(cur_max, len(train[i][0]), len(train[i][1]) + 1)
        if cur and m * (len(cur) + 1) > TOKENS:
            batches.append(cur)
            cur, m = [], max(len(train[i][0]), len(train[i][1]) + 1)
        cur.append(i)
        cur_max = m
    if cur:
        batches.append(cur)

    def evaluate(n):
        model.eval()
        good = 0
        for k in range(0, n, 100):
            src = _pad(held_src[k:min(k + 100, n)])
            out = model.greedy(src)
            for j, row in enumerate(out.tolist()):
                row = row[: row.index(EOS)] if EOS in row else row
                hyp = sp.decode(row)
                ref = held[k + j][tgt_i]
                if direction == "en_eo":
                    hyp, ref = canonical_eo(hyp, lex), canonical_eo(ref, lex)
                good += hyp == ref
        model.train()
        return good / n

    start = time.time()
    step, epoch, acc = 0, 0, 0.0
    resumed_from, prev_minutes = 0, 0.0
    if resume and (work / f"{direction}.pt").exists():
        # continue a previous run (fresh Adam moments, short re-warmup)
        model.load_state_dict(torch.load(work / f"{direction}.pt"))
        old = json.loads((work / f"{direction}.stats.json").read_text())
        step = resumed_from = old["steps"]
        epoch, prev_minutes = old["epochs"], old["minutes"]
        print(f"[{direction}] resumed at step {step}", file=log)
    print(f"[{direction}] {len(train)} pairs, {len(batches)} batches/epoch", file=log)
    finished = False
    while not finished:
        epoch += 1
        brng = random.Random(SEED + epoch)
        perm = list(range(len(batches)))
        brng.shuffle(perm)
        for bi in perm:
            idx = batches[bi]
            src = _pad([train[i][0] for i in idx])
            tgt = [train[i][1] for i in idx]
            tin = _pad([[BOS] + t for t in tgt])
            tout = _pad([t + [EOS] for t in tgt])
            step += 1
            lr = peak * min(step / warmup, (warmup / step) ** 0.5)
            if resumed_from:
                lr *= min(1.0, (step - resumed_from) / 100)
            for g in opt.param_groups:
                g["lr"] = lr
            logits = model(src, tin)
            loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), tout.view(-1), ignore_index=PAD)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            elapsed = (time.time() - start) / 60
            if step % 100 == 0:
                print(f"[{direction}] step {step} loss {loss.item():.4f} {elapsed:.1f} min", file=log)
            if step % 500 == 0:
                acc = evaluate(200)
                print(f"[{direction}] step {step} epoch {epoch} held-out(200) {acc:.3f} "
                      f"{(time.time() - start) / 60:.1f} min", file=log)
                if acc >= target_acc:
                    full = evaluate(len(held))
                    print(f"[{direction}] full held-out {full:.4f}", file=log)
                    if full >= target_acc:
                        acc = full
                        finished = True
                        break
            if elapsed > max_minutes:
                acc = evaluate(len(held))
                print(f"[{direction}] time limit reached, held-out {acc:.4f}", file=log)
                finished = True
                break
    stats = {"direction": direction, "steps": step, "epochs": epoch,
             "minutes": round(prev_minutes + (time.time() - start) / 60, 2),
             "torch_greedy_heldout_exact": acc, "held_out_sentences": len(held)}
    torch.save(model.state_dict(), work / f"{direction}.pt")
    (work / f"{direction}.stats.json").write_text(json.dumps(stats))
    print(f"[{direction}] done {stats}", file=log)


# --------------------------------------------------------------------------
# 5. CTranslate2 conversion
# --------------------------------------------------------------------------

def make_converter(state: dict, vocab: list):
    import numpy as np
    from ctranslate2.converters import Converter
    from ctranslate2.specs import common_spec, transformer_spec

    def arr(name):
        return state[name].detach().cpu().numpy().astype(np.float32)

    def linear(spec, prefix):
        spec.weight = arr(prefix + ".weight")
        spec.bias = arr(prefix + ".bias")

    def norm(spec, prefix):
        spec.gamma = arr(prefix + ".weight")
        spec.beta = arr(prefix + ".bias")

    def attention(spec, prefix, self_attention):
        q, k, v = (arr(f"{prefix}.{n}.weight") for n in "qkv")
        qb, kb, vb = (arr(f"{prefix}.{n}.bias") for n in "qkv")
        if self_attention:  # fused QKV
            spec.linear[0].weight = np.concatenate([q, k, v])
            spec.linear[0].bias = np.concatenate([qb, kb, vb])
        else:  # query, fused KV
            spec.linear[0].weight, spec.linear[0].bias = q, qb
            spec.linear[1].weight = np.concatenate([k, v])
            spec.linear[1].bias = np.concatenate([kb, vb])
        linear(spec.linear[-1], prefix + ".o")

    def ffn(spec, prefix):
        norm(spec.layer_norm, prefix + ".norm")
        linear(spec.linear_0, prefix + ".w1")
        linear(spec.linear_1, prefix + ".w2")

    class TinyTorchConverter(Converter):
        def _load(self):
            spec = transformer_spec.TransformerSpec.from_config(
                (LAYERS, LAYERS), HEADS, pre_norm=True,
                activation=common_spec.Activation.RELU,
            )
            spec.config.layer_norm_epsilon = EPS
            spec.config.decoder_start_token = "<s>"
            # the exact sinusoid table used in training (not CT2's own formula)
            Transformer = build_model_classes()
            pe = Transformer(len(vocab)).pe.numpy().astype(np.float32)
            emb = arr("emb.weight")
            for side in (spec.encoder, spec.decoder):
                side.position_encodings.encodings = pe
                side.scale_embeddings = True
            spec.encoder.embeddings[0].weight = emb
            spec.decoder.embeddings.weight = emb
            spec.decoder.projection.weight = emb
            spec.decoder.projection.bias = arr("out_bias")
            norm(spec.encoder.layer_norm, "enc_norm")
            norm(spec.decoder.layer_norm, "dec_norm")
            for i, layer in enumerate(spec.encoder.layer):
                p = f"enc.{i}"
                norm(layer.self_attention.layer_norm, p + ".norm")
                attention(layer.self_attention, p + ".attn", True)
                ffn(layer.ffn, p + ".ffn")
            for i, layer in enumerate(spec.decoder.layer):
                p = f"dec.{i}"
                norm(layer.self_attention.layer_norm, p + ".norm1")
                attention(layer.self_attention, p + ".self_attn", True)
                norm(layer.attention.layer_norm, p + ".norm2")
                attention(layer.attention, p + ".cross_attn", False)
                ffn(layer.ffn, p + ".ffn")
            spec.register_source_vocabulary(vocab)
            spec.register_target_vocabulary(vocab)
            return spec

    return TinyTorchConverter()


# --------------------------------------------------------------------------
# 6. MiniSBD sentence splitter (rule-based ONNX graph)
# --------------------------------------------------------------------------
# minisbd feeds 'units' (int64 [batch, chars], one vocab id per character,
# right-padded with <PAD>=0, always at least one trailing pad) and 'features'
# (float32 [batch, chars, n_feat]) and takes argmax over the last axis of the
# first output ([batch, chars, n_labels]).  Labels: 0 = inside a token,
# 1 = token ends here, 2 = token and sentence end here (3/4 = the same for
# multi-word tokens).  Whitespace is normalised to ' ' before lookup.

SBD_VOCAB = ["<PAD>", "<UNK>", " ", ".", "!", "?"]


def build_minisbd(path: Path, lang: str):
    import numpy as np
    import onnx
    from onnx import TensorProto, helper

    ids = {u: i for i, u in enumerate(SBD_VOCAB)}

    def const(name, value, dtype=np.int64):
        return helper.make_node("Constant", [], [name],
                                value=helper.make_tensor(name + "_v", TensorProto.INT64 if dtype == np.int64 else TensorProto.FLOAT,
                                                         np.asarray(value).shape, np.asarray(value, dtype=dtype).flatten().tolist()))

    nodes = [
        const("c_pad", ids["<PAD>"]), const("c_space", ids[" "]),
        const("c_dot", ids["."]), const("c_excl", ids["!"]), const("c_q", ids["?"]),
        const("c_s0", [0]), const("c_s1", [1]), const("c_end", [2 ** 62]), const("c_ax1", [1]),
        const("c_labels", np.arange(5).reshape(1, 1, 5)),
        # next[:, t] = units[:, t + 1], and PAD after the last position
        helper.make_node("Slice", ["units", "c_s1", "c_end", "c_ax1"], ["tail"]),
        helper.make_node("Slice", ["units", "c_s0", "c_s1", "c_ax1"], ["first_col"]),
        helper.make_node("Mul", ["first_col", "c_pad"], ["pad_col"]),
        helper.make_node("Concat", ["tail", "pad_col"], ["next"], axis=1),
        # this char is . ! or ?
        helper.make_node("Equal", ["units", "c_dot"], ["is_dot"]),
        helper.make_node("Equal", ["units", "c_excl"], ["is_excl"]),
        helper.make_node("Equal", ["units", "c_q"], ["is_q"]),
        helper.make_node("Or", ["is_dot", "is_excl"], ["t0"]),
        helper.make_node("Or", ["t0", "is_q"], ["is_term"]),
        # the next char is a space or the end of the text
        helper.make_node("Equal", ["next", "c_space"], ["next_space"]),
        helper.make_node("Equal", ["next", "c_pad"], ["next_pad"]),
        helper.make_node("Or", ["next_space", "next_pad"], ["next_gap"]),
        helper.make_node("Equal", ["units", "c_space"], ["is_space"]),
        helper.make_node("Equal", ["units", "c_pad"], ["is_pad"]),
        helper.make_node("Or", ["is_space", "is_pad"], ["is_gap"]),
        helper.make_node("Not", ["is_gap"], ["not_gap"]),
        helper.make_node("And", ["is_term", "next_gap"], ["sent_end"]),
        helper.make_node("And", ["not_gap", "next_gap"], ["tok_end"]),
        # label = 2 if sentence end, 1 if token end, else 0
        helper.make_node("Cast", ["sent_end"], ["sent_i"], to=TensorProto.INT64),
        helper.make_node("Cast", ["tok_end"], ["tok_i"], to=TensorProto.INT64),
        helper.make_node("Max", ["sent_i", "tok_i"], ["any_end"]),
        helper.make_node("Add", ["any_end", "sent_i"], ["label"]),
        helper.make_node("Unsqueeze", ["label", "c_minus1"], ["label3"]),
        helper.make_node("Equal", ["label3", "c_labels"], ["onehot_b"]),
        helper.make_node("Cast", ["onehot_b"], ["onehot"], to=TensorProto.FLOAT),
        # 'features' is part of the interface; fold it in as 0 * sum
        helper.make_node("ReduceSum", ["features"], ["fsum"], keepdims=0),
        helper.make_node("Mul", ["fsum", "c_zero_f"], ["fzero"]),
        helper.make_node("Add", ["onehot", "fzero"], ["logits"]),
    ]
    nodes.insert(0, const("c_minus1", [-1]))
    nodes.insert(0, helper.make_node("Constant", [], ["c_zero_f"], value=helper.make_tensor("zf", TensorProto.FLOAT, [], [0.0])))
    graph = helper.make_graph(
        nodes, "rule_sbd",
        [helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "chars"]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "chars", 1])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "chars", 5])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="translate-workflow tests/argos/make_models.py")
    model.ir_version = 8
    vocab_state = {"lang": lang, "idx": 0, "cutoff": 0, "lower": False,
                   "_unit2id": ids, "_id2unit": SBD_VOCAB}
    config = {"skip_newline": False, "max_seqlen": 1000, "no_ssplit": False, "batch_size": 32,
              "feat_funcs": ["space_before"], "use_dictionary": False, "num_dict_feat": 0}
    helper.set_model_props(model, {"lang_code": lang, "config": json.dumps(config),
                                   "vocab": json.dumps(vocab_state), "lexicon": "null"})
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))


# --------------------------------------------------------------------------
# 7. Packaging
# --------------------------------------------------------------------------

NAMES = {"en": "English", "eo": "Esperanto (pseudo)"}


def package(direction: str, work: Path, out_dir: Path, stats: dict) -> Path:
    import ctranslate2  # noqa: F401
    import torch

    src, tgt = direction.split("_")
    folder = f"translate-{src}_{tgt}-1_0"
    root = work / "pkg" / folder
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    state = torch.load(work / f"{direction}.pt")
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=str(work / "sentencepiece.model"))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    make_converter(state, vocab).convert(str(root / "model"), quantization="int8", force=True)
    shutil.copy(work / "sentencepiece.model", root / "sentencepiece.model")
    build_minisbd(root / "minisbd" / f"rules-{src}.onnx", src)
    meta = {
        "package_version": "1.0", "argos_version": "1.0",
        "from_code": src, "from_name": NAMES[src],
        "to_code": tgt, "to_name": NAMES[tgt],
        "type": "translate",
        "languages": [{"code": src, "name": NAMES[src]}, {"code": tgt, "name": NAMES[tgt]}],
    }
    (root / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n")
    (root / "README.md").write_text(
        f"# {NAMES[src]} -> {NAMES[tgt]} (test fixture)\n\n"
        "A tiny, real Argos Translate package made by `tests/argos/make_models.py` of the\n"
        "translate-workflow repository for its test suite. 'eo' here is NOT Esperanto: it is an\n"
        "artificial language that replaces each of ~200 English words by a pseudo word\n"
        "(see lexicon.json next to the package in the repository). Punctuation, numbers,\n"
        "{0}..{9} placeholders and a few snake_case identifiers are copied verbatim.\n\n"
        f"Model: CTranslate2 pre-norm Transformer, d_model {D_MODEL}, {HEADS} heads, "
        f"{LAYERS}+{LAYERS} layers, ffn {FFN_DIM}, int8.\n"
        f"Held-out exact match (greedy): {stats.get('ct2_greedy_heldout_exact', stats.get('torch_greedy_heldout_exact'))}.\n"
        "Sentence splitting: minisbd/ holds a rule-based ONNX graph (split after . ! ? before a space).\n"
        "Do not use for real translation.\n"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{folder}.argosmodel"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                info = zipfile.ZipInfo(str(p.relative_to(root.parent)), date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, p.read_bytes())
    return root


def ct2_accuracy(model_dir: Path, direction: str, work: Path, lex: dict) -> float:
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(work / "sentencepiece.model"))
    held = json.loads((work / "data.json").read_text())["held_out"]
    si, ti = (0, 1) if direction == "en_eo" else (1, 0)
    tr = ctranslate2.Translator(str(model_dir), intra_threads=2)
    res = tr.translate_batch([sp.encode(p[si], out_type=str) for p in held], beam_size=1)
    good = 0
    for r, p in zip(res, held):
        hyp, ref = sp.decode(r.hypotheses[0]), p[ti]
        if direction == "en_eo":
            hyp, ref = canonical_eo(hyp, lex), canonical_eo(ref, lex)
        good += hyp == ref
    return good / len(held)


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--work-dir", type=Path, default=None, help="keep intermediates here")
    ap.add_argument("--train-pairs", type=int, default=120000)
    ap.add_argument("--held-out", type=int, default=1000)
    ap.add_argument("--vocab-size", type=int, default=2000)
    ap.add_argument("--max-minutes", type=float, default=25.0, help="per model")
    ap.add_argument("--target-acc", type=float, default=0.99)
    ap.add_argument("--resume", action="store_true",
                    help="continue training the checkpoints in --work-dir (same data and SentencePiece)")
    args = ap.parse_args()

    t0 = time.time()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="argos-models-"))
    work.mkdir(parents=True, exist_ok=True)
    print("work dir:", work)

    lex = build_lexicon()
    (work / "lexicon.json").write_text(json.dumps(lex))
    rng = random.Random(SEED)
    if args.resume and not (work / "sentencepiece.model").exists():
        sys.exit("--resume needs a --work-dir of a previous run")
    pairs = [make_pair(rng, lex) for _ in range(args.train_pairs + args.held_out)]
    train = pairs[: args.train_pairs]
    seen = {p[0] for p in train}
    held = [p for p in pairs[args.train_pairs:] if p[0] not in seen]
    (work / "data.json").write_text(json.dumps({"train": train, "held_out": held}))
    for p in pairs[:5]:
        print("  en:", p[0], "\n  eo:", p[1])

    sp_lines = [x for p in train[:40000] for x in p] + list(lex["words"]) + \
        [w for ws in lex["ambiguous"].values() for w in ws] + IDENTIFIERS
    if not args.resume:
        train_sentencepiece(sp_lines, work / "sentencepiece", args.vocab_size)
    print("sentencepiece done, %.1f min" % ((time.time() - t0) / 60))

    ctx = mp.get_context("spawn")
    procs = []
    for d in ("en_eo", "eo_en"):
        p = ctx.Process(target=train_direction,
                        args=(d, str(work), args.max_minutes, args.target_acc, str(work / f"{d}.log"),
                              args.resume))
        p.start()
        procs.append(p)
    for p in procs:
        p.join()
        if p.exitcode != 0:
            sys.exit(f"training failed, see logs in {work}")

    summary = {}
    for d in ("en_eo", "eo_en"):
        stats = json.loads((work / f"{d}.stats.json").read_text())
        root = package(d, work, args.out_dir, stats)
        stats["ct2_greedy_heldout_exact"] = ct2_accuracy(root / "model", d, work, lex)
        # re-pack so the package README states the int8 accuracy
        root = package(d, work, args.out_dir, stats)
        out = args.out_dir / f"{root.name}.argosmodel"
        stats["package_bytes"] = out.stat().st_size
        summary[d] = stats
        print(d, stats)

    public = dict(lex)
    public["training_summary"] = summary
    (args.out_dir / "lexicon.json").write_text(json.dumps(public, indent=2, ensure_ascii=False) + "\n")
    print("total %.1f min" % ((time.time() - t0) / 60))


if __name__ == "__main__":
    main()
