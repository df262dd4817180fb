"""Machine-translation speed benchmark: argostranslate as shipped vs. our engine vs. bare CTranslate2.

Model.  A transformer-base sized CTranslate2 model with *random* weights (6 encoder +
6 decoder layers, d_model 512, 8 heads, FFN 2048, vocabulary 8,000, int8) and a
SentencePiece model (vocabulary 8,000) trained on synthetic English text; the CTranslate2
vocabulary is the list of SentencePiece pieces (<unk>, <s>, </s>, <blank> included).  It is
built once by bench/_argos_random_model.py and cached under bench/.cache/ (gitignored),
then packed as an argos package (en -> "eo") and installed with
argostranslate.package.install_from_path into a temporary ARGOS_PACKAGES_DIR; the XDG
data/config/cache folders point into the same temporary folder, all set before
argostranslate is imported (it reads its settings at import).

Work.  2,000 synthetic English sentences (8-30 words from the SentencePiece training
vocabulary, ending with "."), seeded, grouped 4 to a paragraph (500 paragraphs).  Random
weights never emit a sensible end of sentence, so every variant decodes exactly L target
tokens per sentence (min_decoding_length = max_decoding_length = L, default 24, about the
mean source length in SentencePiece tokens): all variants do the same work.

Variants, each at beam 1 and beam 4, each after one warm-up call on a paragraph that is not
timed:

  (a) argos:   argostranslate.translate.translate(paragraph, "en", "eo") once per paragraph,
               as a plain integration does.  argostranslate's default sentence splitter
               (MiniSBD) downloads a model on first use, which fails offline, so the
               installed package translation's `sentencizer` is replaced by an object whose
               split_sentences(text) splits on (?<=[.!?])\\s+ -- on this synthetic text that
               is what our engine's splitter does, and it costs next to nothing.  Its
               ctranslate2.Translator is replaced by a thin proxy around a Translator built as
               argostranslate builds it (same threads, compute type int8) that adds
               min/max_decoding_length = L to each translate_batch call; the beam is set with
               argostranslate.settings.beam_size (argos uses max(num_hypotheses, beam_size)).
               Everything else is argos as shipped (ARGOS_BATCH_SIZE 32 tokens,
               length_penalty 0.2, replace_unknowns, return_scores).
  (b) engine:  translate.engines.argos.ArgosEngine(beam_size=B, threads=T,
               options={"min_decoding_length": L, "max_decoding_length": L})
               .translate(paragraphs, "en", "eo"): one call for all paragraphs.  Skipped,
               with a message, when that module cannot be imported.
  (c) bare:    one ctranslate2.Translator.translate_batch call over all the sentences,
               tokenized with SentencePiece beforehand (not timed), batch_type "tokens" and
               --batch-tokens (default 2048): the limit for this model on this machine.

All three use the same threads (intra_threads = --threads, default 2 = the cores of the
machine this was written on; inter_threads = 1) and compute type int8.

Usage:
    python bench/bench_mt.py [--sentences 2000] [--beams 1,4] [--length 24] [--threads 2]
                             [--variants a,b,c] [--batch-tokens 2048] [--format text|json]
    python bench/bench_mt.py --sweep          # also time (c) under other batch settings

Prints sentences per second for each variant, the ratios (b)/(a) and (b)/(c) per beam, and
the targets: (b) >= 3x (a) at beam 1 and >= 2x at beam 4, (b) within 15% of (c) at both.
The figures are printed, never asserted: the test suite does not time anything.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import _argos_random_model as rm  # imports numpy only

SPLIT_RE = re.compile(r"(?<=[.!?])\s+")
TARGETS = {"b/a": {1: 3.0, 4: 2.0}, "b/c_min": 0.85}


class RegexSentencizer:
    """Stand-in for argostranslate's MiniSBD splitter (which needs a download)."""

    def split_sentences(self, text: str) -> list[str]:
        return [s for s in SPLIT_RE.split(text.strip()) if s]


class FixedLengthTranslator:
    """Proxy for the ctranslate2.Translator argostranslate calls: forces the decoding length."""

    def __init__(self, translator, length: int):
        self._translator = translator
        self._length = length
        self.calls = 0
        self.sentences = 0

    def translate_batch(self, source, *args, **kwargs):
        kwargs["min_decoding_length"] = self._length
        kwargs["max_decoding_length"] = self._length
        self.calls += 1
        self.sentences += len(source)
        return self._translator.translate_batch(source, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._translator, name)


def make_corpus(n_sentences: int, per_paragraph: int = 4, seed: int = 2024):
    sentences = rm.make_sentences(n_sentences, seed=seed)
    paragraphs = [" ".join(sentences[i:i + per_paragraph])
                  for i in range(0, n_sentences, per_paragraph)]
    warmup = " ".join(rm.make_sentences(per_paragraph, seed=seed + 1))
    return sentences, paragraphs, warmup


def setup_argos_env(tmp: Path, threads: int, inter_threads: int) -> None:
    """Point argostranslate at empty temporary folders; must run before it is imported."""
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("ARGOS_PACKAGES_DIR", "packages")):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(tmp / sub)
    os.environ["ARGOS_DEVICE_TYPE"] = "cpu"
    os.environ["ARGOS_COMPUTE_TYPE"] = "int8"
    os.environ["ARGOS_INTRA_THREADS"] = str(threads)
    os.environ["ARGOS_INTER_THREADS"] = str(inter_threads)
    if "argostranslate" in sys.modules or "argostranslate.settings" in sys.modules:
        raise RuntimeError("argostranslate was imported before its environment was set")


REPEAT = 1
CPU_SECONDS: list[float] = []


def timed(fn):
    """Best wall time of REPEAT runs (the machine may be shared); CPU time kept aside."""
    best, result = None, None
    for _ in range(REPEAT):
        cpu = time.process_time()
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
        if best is None or seconds < best:
            best = seconds
            CPU_SECONDS.append(time.process_time() - cpu)
    return best, result


# ----------------------------------------------------------------------------- variants


def prepare_argos(model_dir: Path, tmp: Path, args):
    import argostranslate.package
    import argostranslate.settings
    import argostranslate.translate
    import ctranslate2

    archive = model_dir / f"{rm.PACKAGE_NAME}.argosmodel"
    argostranslate.package.install_from_path(archive)
    installed = argostranslate.package.get_installed_packages()
    pkg = next(p for p in installed if p.from_code == "en" and p.to_code == "eo")
    translation = argostranslate.translate.get_translation_from_codes("en", "eo")
    underlying = getattr(translation, "underlying", translation)
    underlying.sentencizer = RegexSentencizer()
    # Built exactly as PackageTranslation.hypotheses builds it, from argos settings.
    s = argostranslate.settings
    translator = ctranslate2.Translator(
        str(pkg.package_path / "model"), device=s.device, inter_threads=s.inter_threads,
        intra_threads=s.intra_threads, compute_type=s.compute_type)
    proxy = FixedLengthTranslator(translator, args.length)
    underlying.translator = proxy
    return proxy


def run_argos(paragraphs, warmup, beam: int, proxy):
    import argostranslate.settings
    import argostranslate.translate

    argostranslate.settings.beam_size = beam
    argostranslate.translate.translate(warmup, "en", "eo")
    proxy.calls = proxy.sentences = 0

    def go():
        return [argostranslate.translate.translate(p, "en", "eo") for p in paragraphs]

    seconds, out = timed(go)
    assert len(out) == len(paragraphs) and all(out), "argos returned empty translations"
    return seconds, {"ctranslate2_calls": proxy.calls // REPEAT,
                     "sentences_seen": proxy.sentences // REPEAT}


def load_engine():
    try:
        from translate.engines.argos import ArgosEngine
    except Exception as exc:  # noqa: BLE001  (ImportError, or a half-written module)
        return None, f"{type(exc).__name__}: {exc}"
    return ArgosEngine, None


def run_engine(ArgosEngine, paragraphs, warmup, beam: int, args):
    kwargs = {"beam_size": beam,
              "options": {"min_decoding_length": args.length,
                          "max_decoding_length": args.length}}
    params = inspect.signature(ArgosEngine).parameters
    if "threads" in params:
        kwargs["threads"] = args.threads
    engine = ArgosEngine(**kwargs)
    engine.translate([warmup], "en", "eo")
    seconds, out = timed(lambda: engine.translate(paragraphs, "en", "eo"))
    assert len(out) == len(paragraphs), f"engine returned {len(out)} results"
    assert all(out), "engine returned an empty hypothesis list"
    return seconds, {"kwargs": {k: v for k, v in kwargs.items()}}


def load_bare(model_dir: Path, args, inter_threads=None, intra_threads=None):
    import ctranslate2

    return ctranslate2.Translator(
        str(model_dir / "model"), device="cpu", compute_type="int8",
        inter_threads=args.inter_threads if inter_threads is None else inter_threads,
        intra_threads=args.threads if intra_threads is None else intra_threads)


def tokenize(model_dir: Path, sentences):
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_dir / "sentencepiece.model"))
    return [sp.encode(s, out_type=str) for s in sentences]


def run_bare(translator, tokens, warm_tokens, beam: int, args, *, batch_size=None,
             batch_type="tokens", presort=False):
    batch_size = args.batch_tokens if batch_size is None else batch_size
    opts = {"beam_size": beam, "max_batch_size": batch_size, "batch_type": batch_type,
            "min_decoding_length": args.length, "max_decoding_length": args.length}
    translator.translate_batch(warm_tokens, **opts)

    def go():
        if presort:
            order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
            res = translator.translate_batch([tokens[i] for i in order], **opts)
            out = [None] * len(tokens)
            for i, r in zip(order, res):
                out[i] = r
            return out
        return translator.translate_batch(tokens, **opts)

    seconds, out = timed(go)
    assert len(out) == len(tokens)
    lengths = {len(r.hypotheses[0]) for r in out}
    assert lengths == {args.length}, f"decoded lengths {lengths}, expected {args.length}"
    return seconds


def sweep_bare(model_dir: Path, tokens, warm_tokens, beams, args, log):
    """Time (c) under other batch settings, on the first --sweep-sentences sentences."""
    tokens = tokens[:args.sweep_sentences]
    n = len(tokens)
    configs = [{"batch_type": "tokens", "batch_size": size, "presort": False}
               for size in (512, 1024, 2048, 4096, 8192)]
    configs.append({"batch_type": "tokens", "batch_size": 2048, "presort": True})
    configs += [{"batch_type": "examples", "batch_size": size, "presort": False}
                for size in (32, 128, 0)]  # 0: everything in one batch
    threads = [(args.inter_threads, args.threads)]
    if args.threads > 1:
        threads.append((args.threads, 1))  # parallel batches instead of parallel GEMMs
    second = [{"batch_type": "tokens", "batch_size": size, "presort": False}
              for size in (1024, 2048, 4096)]
    second.append({"batch_type": "examples", "batch_size": 64, "presort": False})
    rows = []
    for inter, intra in threads:
        translator = load_bare(model_dir, args, inter_threads=inter, intra_threads=intra)
        for beam in beams:
            for cfg in (configs if (inter, intra) == threads[0] else second):
                seconds = run_bare(translator, tokens, warm_tokens, beam, args,
                                   batch_size=cfg["batch_size"], batch_type=cfg["batch_type"],
                                   presort=cfg["presort"])
                row = dict(cfg, beam=beam, inter_threads=inter, intra_threads=intra,
                           sentences=n, seconds=round(seconds, 3),
                           sentences_per_second=round(n / seconds, 2))
                rows.append(row)
                log(f"  sweep beam {beam} inter {inter} intra {intra} {cfg['batch_type']:8s} "
                    f"{cfg['batch_size']:5d}{' presorted' if cfg['presort'] else '          '}"
                    f"  {n / seconds:7.1f} sent/s")
        del translator
    return rows


# ----------------------------------------------------------------------------- report


def ratios(row):
    a, b, c = row.get("a"), row.get("b"), row.get("c")
    return (b / a if a and b else None), (b / c if b and c else None)


def verdicts(beam, ba, bc):
    out = []
    need = TARGETS["b/a"].get(beam)
    if need is not None:
        out.append((f"b/a >= {need:.0f}x", None if ba is None else ba >= need))
    out.append(("b within 15% of c", None if bc is None else bc >= TARGETS["b/c_min"]))
    return out


def print_table(report):
    s = report["settings"]
    print()
    print(f"{s['sentences']} sentences in {s['paragraphs']} paragraphs, "
          f"{s['source_tokens']} source tokens (mean {s['mean_source_tokens']:.1f}), "
          f"{s['decoding_length']} target tokens each; int8, intra_threads {s['intra_threads']}, "
          f"inter_threads {s['inter_threads']}; (c) batch {s['bare_batch_tokens']} tokens")
    if report.get("engine_skipped"):
        print(f"(b) skipped: {report['engine_skipped']}")
    print()
    print(f"{'beam':>4}  {'(a) argos':>11}  {'(b) engine':>11}  {'(c) bare':>11}  "
          f"{'b/a':>6}  {'b/c':>6}   targets")

    def fmt(v):
        return f"{v:11.1f}" if v else f"{'-':>11}"

    def rfmt(v):
        return f"{v:6.2f}" if v else f"{'-':>6}"

    for beam, row in report["results"].items():
        ba, bc = row["b/a"], row["b/c"]
        marks = ", ".join(f"{name}: {'n/a' if ok is None else ('ok' if ok else 'MISSED')}"
                          for name, ok in verdicts(int(beam), ba, bc))
        print(f"{beam:>4}  {fmt(row.get('a'))}  {fmt(row.get('b'))}  {fmt(row.get('c'))}  "
              f"{rfmt(ba)}  {rfmt(bc)}   {marks}")
    print("(sentences per second; c/a, the headroom: " + ", ".join(
        f"beam {beam} {row['c/a']:.2f}x" for beam, row in report["results"].items()
        if row.get("c/a")) + ")")
    print(f"total run time {report['run_seconds']:.0f} s; load average (1 min) "
          f"{report['load_average']['before']:.2f} before, "
          f"{report['load_average']['after']:.2f} after (> 0.5 before: machine shared)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--beams", default="1,4")
    ap.add_argument("--length", type=int, default=24,
                    help="fixed decoding length L (min = max) for every variant")
    ap.add_argument("--threads", type=int, default=2, help="intra_threads for every variant")
    ap.add_argument("--inter-threads", type=int, default=1)
    ap.add_argument("--batch-tokens", type=int, default=2048,
                    help="max_batch_size (batch_type tokens) of the bare call (c)")
    ap.add_argument("--variants", default="a,b,c")
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--cache", type=Path, default=BENCH / ".cache")
    ap.add_argument("--sweep", action="store_true",
                    help="also time (c) under other batch settings and thread splits")
    ap.add_argument("--sweep-sentences", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=1,
                    help="time each variant this many times and keep the best (noisy machines)")
    ap.add_argument("--keep-temp", action="store_true")
    args = ap.parse_args(argv)
    global REPEAT
    REPEAT = max(1, args.repeat)
    beams = [int(b) for b in args.beams.split(",") if b.strip()]
    variants = {v.strip() for v in args.variants.split(",")}
    log = (lambda *a: print(*a, file=sys.stderr, flush=True))
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        log(f"warning: load average {load_before:.2f} before the run: other processes share "
            "the CPU and the figures will be low and noisy")

    model_dir = rm.build(args.cache, log=log)
    tmp = Path(tempfile.mkdtemp(prefix="bench-mt-"))
    setup_argos_env(tmp, args.threads, args.inter_threads)
    try:
        sentences, paragraphs, warmup = make_corpus(args.sentences)
        splitter = RegexSentencizer()
        assert sum(len(splitter.split_sentences(p)) for p in paragraphs) == len(sentences)
        assert len(set(sentences)) == len(sentences)  # no variant can skip a repeat
        tokens = tokenize(model_dir, sentences)
        warm_tokens = tokenize(model_dir, splitter.split_sentences(warmup))
        n_tokens = sum(map(len, tokens))
        report = {
            "settings": {
                "sentences": len(sentences), "paragraphs": len(paragraphs),
                "source_tokens": n_tokens, "mean_source_tokens": n_tokens / len(tokens),
                "decoding_length": args.length, "beams": beams,
                "intra_threads": args.threads, "inter_threads": args.inter_threads,
                "compute_type": "int8", "bare_batch_tokens": args.batch_tokens,
                "cpu_count": os.cpu_count(),
                "model": {"layers": [rm.LAYERS, rm.LAYERS], "d_model": rm.D_MODEL,
                          "heads": rm.HEADS, "ffn": rm.FFN, "vocabulary": rm.VOCAB_SIZE,
                          "weights": "random"},
            },
            "results": {}, "details": {}, "engine_skipped": None,
        }
        proxy = prepare_argos(model_dir, tmp, args) if "a" in variants else None
        engine_cls = None
        if "b" in variants and "a" not in variants:
            from translate.engines.argos import install_file

            install_file(model_dir / f"{rm.PACKAGE_NAME}.argosmodel")
        if "b" in variants:
            engine_cls, why = load_engine()
            if engine_cls is None:
                report["engine_skipped"] = f"cannot import translate.engines.argos ({why})"
                log(f"(b) skipped: {report['engine_skipped']}")
        bare = load_bare(model_dir, args) if "c" in variants else None
        n = len(sentences)
        for beam in beams:
            row, details = {}, {}
            if proxy is not None:
                log(f"beam {beam}: (a) argos, {len(paragraphs)} calls ...")
                sec, info = run_argos(paragraphs, warmup, beam, proxy)
                assert info["sentences_seen"] == n, info
                row["a"], details["a"] = n / sec, dict(info, seconds=sec,
                                                       cpu_seconds=CPU_SECONDS[-1])
            if engine_cls is not None:
                log(f"beam {beam}: (b) engine ...")
                sec, info = run_engine(engine_cls, paragraphs, warmup, beam, args)
                row["b"], details["b"] = n / sec, dict(info, seconds=sec,
                                                       cpu_seconds=CPU_SECONDS[-1])
            if bare is not None:
                log(f"beam {beam}: (c) bare ctranslate2 ...")
                sec = run_bare(bare, tokens, warm_tokens, beam, args)
                row["c"], details["c"] = n / sec, {"seconds": sec,
                                                   "cpu_seconds": CPU_SECONDS[-1]}
            row["b/a"], row["b/c"] = ratios(row)
            row["c/a"] = row["c"] / row["a"] if row.get("a") and row.get("c") else None
            row["targets"] = {name: ok for name, ok in verdicts(beam, row["b/a"], row["b/c"])}
            report["results"][beam] = row
            report["details"][beam] = details
        if args.sweep:
            log("sweep of (c) batch settings ...")
            report["sweep"] = sweep_bare(model_dir, tokens, warm_tokens, beams, args, log)
        report["run_seconds"] = time.perf_counter() - started
        report["load_average"] = {"before": load_before, "after": os.getloadavg()[0]}
        if args.format == "json":
            print(json.dumps(report, indent=2))
        else:
            print_table(report)
            if report.get("sweep"):
                best = {}
                for r in report["sweep"]:
                    if r["beam"] not in best or r["sentences_per_second"] > \
                            best[r["beam"]]["sentences_per_second"]:
                        best[r["beam"]] = r
                for beam, r in best.items():
                    print(f"sweep best beam {beam}: {r['batch_type']} {r['batch_size']}"
                          f"{' presorted' if r['presort'] else ''}, inter {r['inter_threads']}"
                          f" intra {r['intra_threads']}: {r['sentences_per_second']} sent/s")
    finally:
        if not args.keep_temp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
