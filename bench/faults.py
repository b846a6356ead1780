"""Benchmark: the line under Redis faults, as `make run` runs it (embedded Redis, worker, clock,
gunicorn). Texts with words of danger stream in (each makes the line text a crisis alert)
while the Redis server is frozen for 20 s (SIGSTOP, then SIGCONT), and again while it is killed
outright (SIGKILL; `make run` starts it again). Prints how many texts were answered during each
fault, how long until every alert was delivered, and whether any was sent twice or any process
was lost; fails if a text went unanswered or an alert undelivered within 60 s.

    .venv/bin/python bench/faults.py            # or: make bench
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.line_faults import RunningLine, freeze_redis, kill_redis  # noqa: E402


def report(name: str, figures: dict) -> bool:
    """Print one fault's figures; True when it met the bar."""
    counts = figures["counts"]
    delivered = figures["delivered_after_s"]
    print(f"{name}:")
    print(f"  texts answered           {figures['answered']} of {figures['texts']}"
          f" (all stored: {counts['stored'] == figures['texts']})")
    if "texts_during_fault" in figures:
        print(f"  during the freeze        {figures['texts_during_fault']} texts answered, "
              f"{figures['sent_during_fault']} of {figures['to_send_during_fault']} alerts sent")
    if "redis_back_s" in figures:
        back = figures["redis_back_s"]
        print(f"  redis answering again    {'never' if back is None else f'{back:.1f} s'}"
              " after SIGKILL")
    print(f"  alerts delivered         {counts['sent']} of {counts['to_send']}, the last "
          f"{'NOT within 60 s' if delivered is None else f'{delivered:.1f} s after'}"
          f" {'SIGCONT' if 'texts_during_fault' in figures else 'the SIGKILL'}")
    print(f"  sent twice               {counts['sandbox_sends'] - counts['sent']}")
    kept = [n for n in ("worker", "clock", "web")
            if figures["helpers_after"].get(n) == figures["helpers_before"].get(n)]
    print(f"  processes never restarted {', '.join(kept)}")
    return (figures["answered"] == figures["texts"] == counts["stored"] and delivered is not None
            and counts["sandbox_sends"] == counts["sent"] == counts["to_send"])


def main() -> int:
    ok = True
    for name, fault in (("redis frozen 20 s", lambda line: freeze_redis(line, 20)),
                        ("redis killed", kill_redis)):
        with tempfile.TemporaryDirectory() as folder:
            line = RunningLine(Path(folder) / "instance", OUTBOX_SWEEP_SECONDS="5")
            line.start()
            try:
                ok = report(name, fault(line)) and ok
            finally:
                line.stop()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
