"""One pandas read_csv of the bench file, as the CSV bench compares against: prints {"ms", "rows", "rss_mb"}."""
import json
import resource
import sys
import time

import pandas as pd

t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
ms = (time.perf_counter() - t0) * 1000
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"ms": ms, "rows": len(df), "rss_mb": usage.ru_maxrss / 1024, "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000}))
