"""Policies that go wrong on purpose (tests/e2e/python_policy_test.cpp)."""


class Raises:
    def __init__(self, after=0):
        self.calls = 0
        self.after = after

    def decide(self, head, sample, context):
        self.calls += 1
        if self.calls > self.after:
            return 1 / 0
        return "next"


class ReturnsANumber:
    def decide(self, head, sample, context):
        return 42


class NoDecide:
    def choose(self, head, sample, context):
        return "exit"


class NeedsAnArgument:
    def __init__(self, threshold):
        self.threshold = threshold

    def decide(self, head, sample, context):
        return "exit"
