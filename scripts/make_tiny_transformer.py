"""Build a tiny, randomly initialised BERT-style model folder for tests.

The model has no pretrained knowledge: it exists so that the transformer
pipeline (``TransformerClassifier``, ``hatewatch train --base-model``,
saving and loading) can be exercised end to end without downloading
anything. Its WordPiece vocabulary (frequent words, word endings and every
character) is counted here from the texts of ``data/annotations/*.csv`` (or
texts you pass), normalised and split by the ``tokenizers`` library's BERT
normaliser and pre-tokeniser.
The same arguments give the same files, byte for byte.

Usage::

    python scripts/make_tiny_transformer.py /tmp/tiny-bert
    hatewatch train --base-model /tmp/tiny-bert -o /tmp/tiny-model --epochs 1
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def annotation_texts(folder: Path = REPO / "data" / "annotations") -> list[str]:
    """The ``text`` column of every labelled CSV in ``folder``, in file order."""
    texts: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or "text" not in reader.fieldnames:
                continue
            texts += [row["text"] for row in reader if row.get("text")]
    return texts


def wordpiece_vocab(words: Iterable[str], size: int) -> dict[str, int]:
    """A WordPiece vocabulary of at most ``size`` pieces, the same for the same
    words in any run.

    Every character seen (as a word start and as ``##`` continuation), then
    the most frequent whole words (3/4 of the rest) and word endings of 2-4
    characters (1/4), each seen at least twice; ties go alphabetically. The
    ``tokenizers`` WordPieceTrainer is not used because it breaks ties in
    hash-map order, which gave different vocabularies on different runs.
    """
    word_counts = Counter(words)
    chars: set[str] = set()
    endings: Counter[str] = Counter()
    for word, n in word_counts.items():
        chars.update(word)
        for k in range(2, 5):
            if len(word) > k:
                endings["##" + word[-k:]] += n
    pieces = SPECIAL_TOKENS + sorted(chars) + sorted("##" + c for c in chars)
    room = max(size - len(pieces), 0)
    taken = set(pieces)

    def top(counts: Counter[str], n: int) -> list[str]:
        ranked = sorted(
            (p for p, c in counts.items() if c >= 2 and p not in taken),
            key=lambda p: (-counts[p], p),
        )
        return ranked[:n]

    n_words = room * 3 // 4
    pieces += top(word_counts, n_words)
    pieces += top(endings, room - n_words)
    # special tokens first, then sorted: ids do not depend on the ranking
    ordered = SPECIAL_TOKENS + sorted(set(pieces) - set(SPECIAL_TOKENS))
    return {p: i for i, p in enumerate(ordered[:size])}


def build_tiny_model(
    out_dir: str | Path,
    texts: Iterable[str] | None = None,
    *,
    vocab_size: int = 2000,
    hidden_size: int = 32,
    num_layers: int = 2,
    num_heads: int = 2,
    max_position: int = 128,
    seed: int = 0,
) -> Path:
    """Write a tiny random ``BertForMaskedLM`` and its tokenizer to ``out_dir``.

    Parameters
    ----------
    out_dir : path
        Folder to write (created if missing).
    texts : iterable of str, optional
        Texts to build the WordPiece vocabulary from; by default the texts of
        ``data/annotations/*.csv``.
    vocab_size : int, default 2000
        Largest vocabulary size (fewer if the texts have fewer pieces).
    hidden_size, num_layers, num_heads : int
        Size of the encoder.
    max_position : int, default 128
        Longest input in tokens.
    seed : int, default 0
        Seeds the weight initialisation.

    Returns
    -------
    pathlib.Path
        ``out_dir``.
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing
    from transformers import BertConfig, BertForMaskedLM, PreTrainedTokenizerFast

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = list(annotation_texts() if texts is None else texts)
    if not corpus:
        raise ValueError("no texts to build the vocabulary from")

    normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    vocab = wordpiece_vocab(
        (
            word
            for text in corpus
            for word, _ in pre_tokenizer.pre_tokenize_str(
                normalizer.normalize_str(text)
            )
        ),
        vocab_size,
    )
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]"))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    tok.decoder = decoders.WordPiece()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=max_position,
    )
    fast.save_pretrained(out_dir)

    config = BertConfig(
        vocab_size=tok.get_vocab_size(),
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=2 * hidden_size,
        max_position_embeddings=max_position,
        pad_token_id=tok.token_to_id("[PAD]"),
    )
    torch.manual_seed(seed)
    model = BertForMaskedLM(config)
    model.save_pretrained(out_dir)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write")
    parser.add_argument("--vocab-size", type=int, default=2000)
    parser.add_argument("--hidden-size", type=int, default=32)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = build_tiny_model(
        args.out_dir,
        vocab_size=args.vocab_size,
        hidden_size=args.hidden_size,
        num_layers=args.layers,
        num_heads=args.heads,
        seed=args.seed,
    )
    print(f"tiny model written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
