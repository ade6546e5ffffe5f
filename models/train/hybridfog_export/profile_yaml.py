"""Writes a profile dict as YAML in the key order of docs/formats.md."""
import yaml


class _Dumper(yaml.SafeDumper):
    pass


def _list_representer(dumper, data):
    # Lists of numbers or short names in flow style ([1, 28, 28]); lists of maps in block style.
    flow = all(not isinstance(item, (dict, list)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list_representer)


def profile_to_yaml(profile, comments=()):
    text = yaml.dump(profile, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=100,
                     allow_unicode=False)
    header = "".join(f"# {line}\n" for line in comments)
    return header + text


def write_profile(path, profile, comments=()):
    with open(path, "w", newline="\n") as f:
        f.write(profile_to_yaml(profile, comments))
