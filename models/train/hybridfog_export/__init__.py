"""hybridfog_export: model profiles and traces for hybridfog from real PyTorch models.

    from hybridfog_export import export_model, profile_model, write_profile, ExportError

See docs/exporter.md for the conventions a model follows and a complete example.
"""
from .errors import ExportError
from .export import export_model
from .profile_yaml import profile_to_yaml, write_profile
from .profiler import PRECISIONS, profile_model
from .trace import build_columns, collect_outputs, head_statistics, write_trace

__all__ = ["ExportError", "export_model", "profile_model", "write_profile", "profile_to_yaml", "PRECISIONS",
           "build_columns", "collect_outputs", "head_statistics", "write_trace"]
