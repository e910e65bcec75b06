"""The M/M/c+M queue of wfsim's criterion bench, written idiomatically in SimPy.

700 agents, 7,560 arrivals per hour (Poisson), exponential handle times of
5 minutes (offered load 630 Erlangs, 0.9 per agent), exponential patience of
3 minutes: a customer who is not answered in time abandons. One process per
customer, a `simpy.Resource` for the agents, and the renege idiom of SimPy's
own bank example (`yield request | env.timeout(patience)`).

Prints one JSON object: contacts that arrived, wall and CPU seconds of
`env.run` (interpreter start-up left out), contacts per second, and the share that abandoned (compare with Erlang A:
`wfsim queue --arrivals-per-hour 7560 --handle-minutes 5 --agents 700
--patience-minutes 3`), so the comparison is of the same model.

Usage: python mmcm.py [--hours H] [--seed S]
"""

import argparse
import json
import random
import time

import simpy

AGENTS = 700
ARRIVALS_PER_HOUR = 7560.0
HANDLE_MINUTES = 5.0
PATIENCE_MINUTES = 3.0


class Counts:
    def __init__(self):
        self.arrived = 0
        self.answered = 0
        self.abandoned = 0
        self.wait_seconds = 0.0


def customer(env, agents, counts, rng):
    """One contact: waits for an agent or, at the end of its patience, abandons."""
    arrived_at = env.now
    with agents.request() as request:
        patience = rng.expovariate(1.0 / (PATIENCE_MINUTES * 60.0))
        outcome = yield request | env.timeout(patience)
        counts.wait_seconds += env.now - arrived_at
        if request in outcome:
            counts.answered += 1
            yield env.timeout(rng.expovariate(1.0 / (HANDLE_MINUTES * 60.0)))
        else:
            counts.abandoned += 1


def arrivals(env, agents, counts, rng):
    rate_per_second = ARRIVALS_PER_HOUR / 3600.0
    while True:
        yield env.timeout(rng.expovariate(rate_per_second))
        counts.arrived += 1
        env.process(customer(env, agents, counts, rng))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--agents", type=int, default=AGENTS,
                        help="fewer agents make abandonment visible, to check the model against Erlang A")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=args.agents)
    counts = Counts()
    env.process(arrivals(env, agents, counts, rng))
    started, cpu_started = time.perf_counter(), time.process_time()
    env.run(until=args.hours * 3600.0)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    ended = counts.answered + counts.abandoned
    print(json.dumps({
        "simulator": "simpy " + simpy.__version__,
        "hours": args.hours,
        "agents": args.agents,
        "contacts": counts.arrived,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "contacts_per_second": counts.arrived / seconds,
        "p_abandon": counts.abandoned / ended if ended else None,
        "mean_wait_s": counts.wait_seconds / ended if ended else None,
    }))


if __name__ == "__main__":
    main()
