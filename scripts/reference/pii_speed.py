"""Reference speed of RDT's generators (SDV's PII and id columns), values per CPU second, to set beside
`synthbench bench pii`. Run: /work/venv/bin/python scripts/reference/pii_speed.py [count]"""
import sys
import time

import pandas as pd
from rdt.transformers import RegexGenerator
from rdt.transformers.pii.anonymization import get_anonymized_transformer

count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
data = pd.DataFrame({'c': ['x'] * 10})


def timed(label, transformer):
    transformer.fit(data, 'c')
    start = time.process_time()
    out = transformer.reverse_transform(pd.DataFrame(index=range(count)))
    seconds = time.process_time() - start
    assert len(out) == count
    print(f'{label:40s} {count / seconds / 1e6:7.3f} M values/CPU-s ({seconds:.2f} s CPU for {count})')


timed('id [0-1a-z]{5}, unique', RegexGenerator('[0-1a-z]{5}', cardinality_rule='unique', generation_order='scrambled'))
for sdtype in ['first_name', 'email', 'phone_number', 'city', 'iban', 'credit_card_number', 'latitude']:
    timed(sdtype, get_anonymized_transformer(sdtype, {'locales': ['en_US']}))
timed('email, unique (key)', get_anonymized_transformer('email', {'locales': ['en_US'], 'cardinality_rule': 'unique'}))
