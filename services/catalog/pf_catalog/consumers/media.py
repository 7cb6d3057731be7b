"""(placeholder, filled in by #7)"""

from pf_common.consumer import Consumer

CONSUMERS: list[Consumer] = []
