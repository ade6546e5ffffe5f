"""hybridfog from Python: validate and run scenarios, search partitions (docs/python.md).

    import hybridfog
    hybridfog.validate("scenarios/quickstart.yaml", overrides={"policy.threshold": 0.5})
    result = hybridfog.run("scenarios/quickstart.yaml", overrides={"policy.threshold": 0.5}, seed=7)
    result.summary, result.samples, result.hosts, result.links, result.manifest   # pandas DataFrames
    ranking = hybridfog.partition("scenarios/quickstart.yaml", objective="latency", top=5)

Each `run` simulates in a child process (SimGrid allows one engine per process), so it can be called any
number of times from one interpreter. Bad input raises hybridfog.InputError with the CLI's file, line,
column and key path.
"""

from .errors import InputError
from .api import Result, validate, run, partition, overrides_to_assignments

__all__ = ["InputError", "Result", "validate", "run", "partition", "overrides_to_assignments"]
