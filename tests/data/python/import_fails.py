"""A module whose import fails (tests/e2e/python_policy_test.cpp)."""
import this_module_does_not_exist  # noqa: F401
