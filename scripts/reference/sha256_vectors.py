"""Reference digests for Tests/SynthTableTests/SHA256Tests.swift, from Python's hashlib.

Prints the FIPS 180-2 example digests, the million-'a' digest, the padding-boundary digests (messages of
`i % 251` bytes, lengths around 55/56/64 where the length field fits or spills into another block) and the
committed penguins.csv's digest (also its manifest's `file.sha256`).

Run:  python3 scripts/reference/sha256_vectors.py   (any python3; run from anywhere)
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def hexdigest(data):
    return hashlib.sha256(data).hexdigest()


for message in ('', 'abc', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
                'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu'):
    print(f'("{message}", "{hexdigest(message.encode())}"),')
print('million a:', hexdigest(b'a' * 1_000_000))
for length in (55, 56, 57, 63, 64, 65, 119, 120, 128):
    print(f'({length}, "{hexdigest(bytes(i % 251 for i in range(length)))}"),')
print('penguins.csv:', hexdigest((ROOT / 'datasets' / 'penguins.csv').read_bytes()))
