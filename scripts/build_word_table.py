"""Write models/english-zipf.bin, the word table the topic stage reads, from wordfreq's English list.

Run it after upgrading wordfreq: tests/test_topics.py checks that the shipped table is the one
this script writes from the installed wordfreq.

    python scripts/build_word_table.py
"""

from __future__ import annotations

from pathlib import Path

from cleaner.topics.vocabulary import TABLE_NAME, table_bytes

if __name__ == "__main__":
    path = Path(__file__).resolve().parent.parent / "models" / TABLE_NAME
    data = table_bytes()
    path.write_bytes(data)
    print(f"{path}: {len(data):,} bytes")
