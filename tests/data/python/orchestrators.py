"""Orchestration rules written in Python (tests/e2e/orchestration_test.cpp, python/tests/test_api.py)."""


class RoundRobin:
    """round-robin of docs/orchestration.md: the site's hosts in turn, from the one after the last chosen."""

    def __init__(self):
        self.order = {}  # host name -> position in hosts.csv
        self.last = {}   # (tier, site) -> position of the last host chosen

    def start(self, hosts):
        self.order = {h.host: i for i, h in enumerate(hosts)}

    def choose(self, tier, candidates, context):
        key = (tier, context.site)
        last = self.last.get(key, -1)
        after = [c for c in candidates if self.order[c.host] > last]
        pick = after[0] if after else candidates[0]
        self.last[key] = self.order[pick.host]
        return pick


class Checked:
    """Takes the fastest candidate (smallest stage_s), by its host name, after checking every figure it is
    given against the values a test computed by hand (`expected`: host class -> [stage_s, route_s]): a figure
    off by more than 1e-12 relative raises, which ends the run with exit status 2."""

    def __init__(self, expected, remote_site=None):
        self.expected = expected
        self.remote_site = remote_site
        self.hosts = None

    def start(self, hosts):
        self.hosts = list(hosts)

    def choose(self, tier, candidates, context):
        assert self.hosts, "start() was not called"
        assert tier == "edge", tier
        for c in candidates:
            stage_s, route_s = self.expected[c.host_class] if c.site == context.site else self.expected["remote"]
            for name, got, want in (("stage_s", c.stage_s, stage_s), ("route_s", c.route_s, route_s)):
                if abs(got - want) > 1e-12 * want:
                    raise ValueError(f"{c.host} {name} {got!r} != {want!r}")
            if c.assigned_per_core != 0:
                raise ValueError(f"{c.host} assigned_per_core {c.assigned_per_core} (one sample at a time)")
        if self.remote_site is not None:
            return next(c for c in candidates if c.site == self.remote_site)
        return min(candidates, key=lambda c: c.stage_s).host


class NotACandidate:
    def choose(self, tier, candidates, context):
        return "cloud-srv-0"


class Raises:
    def choose(self, tier, candidates, context):
        return candidates[context.sample_id + 10]
