import subprocess
import sys

from assistant.text import tokens


def test_cl100k_counts_offline(no_network):
    tokens.encoding.cache_clear()
    n = tokens.count_tokens("符合条件的小型微利企业，减按20%的税率征收企业所得税。")
    assert 10 < n < 60
    # Same ids as tiktoken's own cl100k_base would give for ASCII.
    assert tokens.encoding().encode("hello world") == [15339, 1917]


def test_fresh_process_with_empty_tiktoken_cache_needs_no_network(tmp_path):
    # A brand-new interpreter with an empty tiktoken cache and no route out:
    # proxies point nowhere, so any download attempt would fail.
    code = (
        "import socket\n"
        "def deny(*a, **k): raise OSError('network')\n"
        "socket.socket.connect = deny\n"
        "socket.getaddrinfo = deny\n"
        "from assistant.text.tokens import count_tokens\n"
        "print(count_tokens('广西现代化产业体系'))\n"
    )
    env = {"TIKTOKEN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert int(out.stdout.strip()) > 0
