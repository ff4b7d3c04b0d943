"""Turnout submissions against a local server: see bench/turnout_load.py.

Each simulated client holds one API token (a ward committee's or a team's) and
submits the figures of its own areas at about one request a second, moving through
the reporting slots as the run goes on; figures only rise, so every request should
be accepted (warnings are fine). Environment: TURNOUT_TOKENS (the JSON file the
load script writes), TURNOUT_ELECTION (the election code), TURNOUT_SLOT_SECONDS.
"""

import itertools
import json
import os
import random
import time

from locust import FastHttpUser, constant_throughput, task

SLOTS = ["09:00", "11:00", "15:00", "19:00"]
with open(os.environ["TURNOUT_TOKENS"], encoding="utf-8") as _file:
    TOKENS = json.load(_file)
ELECTION = os.environ.get("TURNOUT_ELECTION", "BENCH-TURNOUT")
SLOT_SECONDS = float(os.environ.get("TURNOUT_SLOT_SECONDS", "15"))
_next = itertools.count()
_started = time.monotonic()


class Team(FastHttpUser):
    wait_time = constant_throughput(1)

    def on_start(self):
        holder = TOKENS[next(_next) % len(TOKENS)]
        self.headers = {"Authorization": f"Token {holder['key']}"}
        self.areas = itertools.cycle(holder["areas"])
        self.sent: dict[tuple, int] = {}
        self.rng = random.Random()

    def figure(self, area: str, voters: int, index: int) -> int:
        """Rises within the slot's quarter of the list, so it never falls."""
        low, high = voters * index // 4, voters * (index + 1) // 4
        last = self.sent.get((area, index), low)
        value = min(high, last + self.rng.randint(1, 20))
        self.sent[(area, index)] = value
        return value

    @task
    def submit(self):
        area, voters = next(self.areas)
        index = min(len(SLOTS) - 1, int((time.monotonic() - _started) // SLOT_SECONDS))
        body = {
            "area": area,
            "slot": SLOTS[index],
            "voters_voted": self.figure(area, voters, index),
        }
        self.client.post(
            f"/bau-cu/{ELECTION}/api/tien-do/",
            json=body,
            headers=self.headers,
            name="POST /bau-cu/[code]/api/tien-do/",
        )
