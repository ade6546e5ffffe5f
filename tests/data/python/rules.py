"""Exit policies of docs/policies.md written in Python (tests/e2e/python_policy_test.cpp): each must decide
exactly as its C++ counterpart, so that a run with it is byte-identical to a run with the built-in policy."""


class Entropy:
    """entropy: exit when the head's softmax entropy (nats) is below the threshold."""

    def __init__(self, threshold):
        self.threshold = threshold

    def decide(self, head, sample, context):
        return "exit" if sample["entropy_nats"] < self.threshold else "next"


class MaxSoftmax:
    """max-softmax: exit when the head's max softmax probability is at least the threshold."""

    def __init__(self, threshold):
        self.threshold = threshold

    def decide(self, head, sample, context):
        return "exit" if sample["confidence"] >= self.threshold else "next"


class AppealNet:
    """appealnet: keep the edge prediction when the appeal score q(x) is at least the threshold."""

    def __init__(self, threshold):
        self.threshold = threshold

    def decide(self, head, sample, context):
        return "exit" if sample["appeal"] >= self.threshold else "next"


class AgeLimit:
    """Reads the policy context: goes on while the sample is younger than max_age_s."""

    needs_context = True

    def __init__(self, max_age_s):
        self.max_age_s = max_age_s
        self.seen = []

    def decide(self, head, sample, context):
        self.seen.append((context.now_s, context.age_s, context.on_device))
        return "next" if context.age_s < self.max_age_s else "exit"


class SaveBattery:
    """Reads the battery in the policy context: offloads while the device's charge is at least `below`, then
    answers on the device (docs/formats.md, "Batteries")."""

    needs_context = True

    def __init__(self, below):
        self.below = below

    def decide(self, head, sample, context):
        return "next" if context.battery_fraction >= self.below else "exit"
