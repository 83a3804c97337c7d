"""Build a tiny, randomly initialised BERT-style model folder for tests.

The model has no pretrained knowledge: it exists so that the transformer
pipeline (``TransformerClassifier``, ``hatewatch train --base-model``,
saving and loading) can be exercised end to end without downloading
anything. Its WordPiece vocabulary is trained here, with the ``tokenizers``
library, on the texts of ``data/annotations/*.csv`` (or on texts you pass).
The same arguments give the same files, byte for byte.

Usage::

    python scripts/make_tiny_transformer.py /tmp/tiny-bert
    hatewatch train --base-model /tmp/tiny-bert -o /tmp/tiny-model --epochs 1
"""

from __future__ import annotations

import argparse
import csv
import sys
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
        Texts to train the WordPiece vocabulary on; by default the texts of
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
    from tokenizers.trainers import WordPieceTrainer
    from transformers import BertConfig, BertForMaskedLM, PreTrainedTokenizerFast

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = list(annotation_texts() if texts is None else texts)
    if not corpus:
        raise ValueError("no texts to train the vocabulary on")

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = WordPieceTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=SPECIAL_TOKENS,
        show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer=trainer)
    # the trainer numbers pieces of equal rank in hash-map order, which varies
    # between runs; renumber them (special tokens first, then sorted) so the
    # same texts always give the same ids and hence the same weight rows
    learned = set(tok.get_vocab()) - set(SPECIAL_TOKENS)
    vocab = {t: i for i, t in enumerate(SPECIAL_TOKENS + sorted(learned))}
    tok.model = models.WordPiece(vocab=vocab, unk_token="[UNK]")
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
