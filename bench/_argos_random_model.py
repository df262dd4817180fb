"""Build a random-weight, transformer-base sized CTranslate2 model packaged for argostranslate.

Used by bench/bench_mt.py.  Nothing here imports argostranslate (its settings are read at
import time, so the benchmark sets its environment first).

What is built, once, under a cache folder (bench/.cache/ by default):

* ``sentencepiece.model``: a unigram SentencePiece model, vocabulary 8,000, trained on
  synthetic English text (common English words plus syllable-built pseudo-words, Zipf
  distributed, seeded).  Its special pieces are ``<unk>`` (0), ``<s>`` (1), ``</s>`` (2)
  and ``<blank>`` (3, the padding piece), the tokens CTranslate2 and OpenNMT expect.
* ``model/``: a CTranslate2 Transformer (6 encoder + 6 decoder layers, d_model 512,
  8 heads, FFN 2048, pre-norm, ReLU, sinusoidal positions) whose weights are numpy random
  numbers, quantized to int8.  Its shared source/target vocabulary is exactly the list of
  SentencePiece pieces, in id order, so token ``i`` of the tokenizer is word ``i`` of the
  model.
* ``translate-en_eo-bench.argosmodel``: a zip of the argos package folder
  (``metadata.json`` from_code "en", to_code "eo", ``model/``, ``sentencepiece.model``),
  ready for ``argostranslate.package.install_from_path``.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import zipfile
from pathlib import Path

import numpy as np

VOCAB_SIZE = 8000
LAYERS = 6
D_MODEL = 512
HEADS = 8
FFN = 2048
SPECIALS = ("<unk>", "<s>", "</s>", "<blank>")



def _words(text: str) -> list[str]:
    return text.split()


# Common English words; the rest of the vocabulary is syllable-built pseudo-words.
COMMON_WORDS = _words(
    "the of and to in a is that for it as was with be by on not he i this are or his from at "
    "which but have an they you were her she there been one all we their has would when if so "
    "no will can more other who about its what some them than may into only out time these two "
    "first new after also any could such our way made most work must where over then well back "
    "through year years many before should great being under between both those day each while "
    "same might people state states government country world national international committee "
    "member members police agency cooperation conference region crime report programme project "
    "meeting support training officers border data exchange protection operation security public "
    "general secretariat council system development health service law court rights policy "
    "information level group area part number case point fact hand place week company problem "
    "question school family student night water money story month lot book eye job word business "
    "issue side kind head house friend father power hour game line end among ever across "
    "although both city community name president team minute idea body face others level office "
    "door person art war history party result change morning reason research girl guy moment air "
    "teacher force education foot boy age policy everything process music market sense nation "
    "plan college interest death experience effect use class control care field role effort rate "
    "heart drug show leader light voice wife police mind price report decision son view "
    "relationship town road arm difference thing value building action model season society tax "
    "director position player record paper space ground form event official matter center couple "
    "site project activity star table need court american oil situation cost industry figure "
    "street image phone data picture practice piece land product doctor wall patient worker news "
    "test movie north love support technology step baby computer type attention film republican "
    "tree source red nothing act sister economy treatment evidence shot approach structure "
    "present consider provide include continue set learn change lead understand watch follow stop "
    "create speak read allow add spend grow open walk win offer remember appear buy wait serve die "
    "send expect build stay fall cut reach kill remain suggest raise pass sell require decide "
    "return explain hope develop carry break receive agree support hit produce eat cover catch "
    "draw choose cause point listen realize place close involve increase determine answer"
)

ONSETS = _words("b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sc sh sk sl "
                "sm sn sp st str sw t th tr v w wh y z")
NUCLEI = _words("a e i o u ai ea ee ie oa oo ou ay ey")
CODAS = ["", "", "", "b", "ck", "d", "ft", "g", "l", "ll", "m", "n", "nd", "ng", "nt", "p",
         "r", "rd", "rn", "rt", "s", "sh", "ss", "st", "t", "th", "x"]
SUFFIXES = ["", "", "", "", "s", "ed", "ing", "er", "ly", "tion", "ment", "ness", "al", "ity"]


def word_list(n_words: int = 6000, seed: int = 1234) -> list[str]:
    """Deterministic English-like vocabulary: common words first, then pseudo-words."""
    rng = random.Random(seed)
    words = list(dict.fromkeys(COMMON_WORDS))
    seen = set(words)
    while len(words) < n_words:
        syllables = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        w = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)
                    for _ in range(syllables)) + rng.choice(SUFFIXES)
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


def make_sentence(rng: random.Random, words: list[str], cum_weights: list[float],
                  min_words: int = 8, max_words: int = 30) -> str:
    k = rng.randint(min_words, max_words)
    chosen = rng.choices(words, cum_weights=cum_weights, k=k)
    text = " ".join(chosen)
    # A comma now and then, like real text.
    if k > 12 and rng.random() < 0.4:
        parts = text.split(" ")
        cut = rng.randint(4, k - 4)
        parts[cut] += ","
        text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def make_sentences(n: int, seed: int, words: list[str] | None = None) -> list[str]:
    words = words or word_list()
    rng = random.Random(seed)
    cum, total = [], 0.0
    for w in zipf_weights(len(words)):
        total += w
        cum.append(total)
    return [make_sentence(rng, words, cum) for _ in range(n)]


def _train_sentencepiece(out_dir: Path) -> Path:
    import sentencepiece as spm

    text_path = out_dir / "spm_train.txt"
    text_path.write_text("\n".join(make_sentences(40000, seed=7)) + "\n", encoding="utf-8")
    prefix = out_dir / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(text_path),
        model_prefix=str(prefix),
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        character_coverage=1.0,
        unk_id=0, bos_id=1, eos_id=2, pad_id=3,
        unk_piece="<unk>", bos_piece="<s>", eos_piece="</s>", pad_piece="<blank>",
        num_threads=2,
        input_sentence_size=0,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    text_path.unlink()
    return prefix.with_suffix(".model")


def _pieces(spm_path: Path) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    assert len(pieces) == VOCAB_SIZE, len(pieces)
    assert pieces[:4] == list(SPECIALS), pieces[:4]
    return pieces


def _converter_class():
    from ctranslate2.converters.converter import Converter
    from ctranslate2.specs import transformer_spec

    class _RandomTransformerConverter(Converter):
        """A Converter whose "checkpoint" is a numpy random generator."""

        def __init__(self, vocabulary: list[str], seed: int = 0):
            self.vocabulary = vocabulary
            self.rng = np.random.default_rng(seed)

        # Weight helpers -----------------------------------------------------------
        def _normal(self, shape, std):
            return (self.rng.standard_normal(shape, dtype=np.float32) * std).astype(np.float32)

        def _linear(self, spec, out_dim, in_dim, bias=True):
            spec.weight = self._normal((out_dim, in_dim), in_dim ** -0.5)
            if bias:
                spec.bias = self._normal((out_dim,), 0.02)

        def _norm(self, spec):
            spec.gamma = np.ones(D_MODEL, dtype=np.float32)
            spec.beta = np.zeros(D_MODEL, dtype=np.float32)

        def _ffn(self, spec):
            self._norm(spec.layer_norm)
            self._linear(spec.linear_0, FFN, D_MODEL)
            self._linear(spec.linear_1, D_MODEL, FFN)

        def _self_attention(self, spec):
            self._norm(spec.layer_norm)
            self._linear(spec.linear[0], 3 * D_MODEL, D_MODEL)  # fused q, k, v
            self._linear(spec.linear[1], D_MODEL, D_MODEL)

        def _cross_attention(self, spec):
            self._norm(spec.layer_norm)
            self._linear(spec.linear[0], D_MODEL, D_MODEL)  # query
            self._linear(spec.linear[1], 2 * D_MODEL, D_MODEL)  # fused k, v
            self._linear(spec.linear[2], D_MODEL, D_MODEL)

        def _load(self):
            spec = transformer_spec.TransformerSpec.from_config((LAYERS, LAYERS), HEADS)
            V = len(self.vocabulary)
            enc, dec = spec.encoder, spec.decoder
            # Positions: encodings left unset (OPTIONAL) -> CTranslate2 uses sinusoids.
            enc.embeddings[0].weight = self._normal((V, D_MODEL), D_MODEL ** -0.5)
            self._norm(enc.layer_norm)
            for layer in enc.layer:
                self._self_attention(layer.self_attention)
                self._ffn(layer.ffn)
            dec.embeddings.weight = self._normal((V, D_MODEL), D_MODEL ** -0.5)
            self._norm(dec.layer_norm)
            for layer in dec.layer:
                self._self_attention(layer.self_attention)
                self._cross_attention(layer.attention)
                self._ffn(layer.ffn)
            self._linear(dec.projection, V, D_MODEL)
            spec.config.decoder_start_token = "<s>"
            spec.register_source_vocabulary(self.vocabulary)
            spec.register_target_vocabulary(self.vocabulary)
            return spec

    return _RandomTransformerConverter


PACKAGE_NAME = "translate-en_eo-bench"


def _params_key() -> str:
    key = json.dumps([VOCAB_SIZE, LAYERS, D_MODEL, HEADS, FFN, SPECIALS, "v1"])
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def build(cache_root: Path, log=print) -> Path:
    """Build (or reuse) the model; return the cache folder holding the package.

    The folder holds ``sentencepiece.model``, ``model/`` and ``<PACKAGE_NAME>.argosmodel``.
    """
    out = cache_root / f"mt-random-{_params_key()}"
    archive = out / f"{PACKAGE_NAME}.argosmodel"
    if archive.exists():
        return out
    if out.exists():
        shutil.rmtree(out)
    tmp = cache_root / (out.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)

    log(f"building SentencePiece model (vocabulary {VOCAB_SIZE}) ...")
    spm_path = _train_sentencepiece(tmp)
    pieces = _pieces(spm_path)

    log("building random-weight CTranslate2 transformer-base model (int8) ...")
    converter = _converter_class()(pieces, seed=0)
    converter.convert(str(tmp / "model"), quantization="int8", force=True)

    pkg_dir = tmp / PACKAGE_NAME
    pkg_dir.mkdir()
    shutil.copytree(tmp / "model", pkg_dir / "model")
    shutil.copy2(spm_path, pkg_dir / "sentencepiece.model")
    metadata = {
        "package_version": "0.0",
        "argos_version": "1.11",
        "from_code": "en",
        "from_name": "English",
        "to_code": "eo",
        "to_name": "Esperanto",
        "type": "translate",
        "links": [],
    }
    (pkg_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    with zipfile.ZipFile(tmp / archive.name, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(pkg_dir.rglob("*")):
            zf.write(path, path.relative_to(tmp).as_posix())
    shutil.rmtree(pkg_dir)
    tmp.rename(out)
    return out
