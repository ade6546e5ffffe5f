#!/usr/bin/python3
"""Checks the rooms of sim/ at include level (docs/architecture.md, "The build enforces the arrows").

The one source of truth is the top-level CMakeLists.txt: every `hybridfog_room(<room> ROOMS <rooms it may
use> PUBLIC ... PRIVATE ...)` declaration. From it this script checks, over every file of sim/:

  rooms    a file of room R includes a header of room S (`#include "S/..."`) only when S is R or one of
           R's declared ROOMS (direct declarations: a room declares every room it uses). Header-only
           includes count; the per-room shared libraries (-Wl,--no-undefined) only catch symbols.
  simgrid  a room that does not link SimGrid (PkgConfig::SIMGRID in its PUBLIC or PRIVATE) includes no
           <simgrid/...> or <xbt/...> header, directly or through any project header, transitively.
  graph    the declared ROOMS name declared rooms and have no cycle.
  tests    every unit test lies in tests/unit/<room>/ (tests/unit mirrors the rooms).
  docs     docs/architecture.md agrees with the declarations: the rooms table's "may use" column (the
           rooms named before any ';', parenthesised words left out) lists exactly the declared ROOMS, it
           names SimGrid exactly for the rooms that link it, and its "never" column names SimGrid for
           every other room; the "The build enforces the arrows" block has one `<room> ← ...` line per
           room naming exactly its ROOMS, and SimGrid only on the lines of rooms that link it.

sim/cli/ is the executable (sim/cli/*.cpp in CMakeLists.txt): it may use every room. `#include
"hybridfog/..."` is core's generated header (build/generated/hybridfog/version.hpp). A quoted include
that names no room and no file of the includer's folder is an error: nothing escapes the check.

Usage: check_layers.py [--source DIR]. Prints one line per finding, `path:line: message`; exit status 1
when there is any, 0 otherwise (with a one-line summary).
"""
import argparse
import os
import re
import sys

EXECUTABLE_FOLDERS = {"cli"}  # sim/<folder>/*.cpp builds the hybridfog executable, which uses every room
GENERATED = {"hybridfog": "core"}  # include prefix of a generated header -> the room whose target owns it
SIMGRID_PREFIXES = ("simgrid/", "xbt/")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def strip_cmake_comments(text):
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def read_rooms(source):
    """{room: {"rooms": [...], "simgrid": bool, "line": n}} from the hybridfog_room() calls, in order."""
    path = os.path.join(source, "CMakeLists.txt")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    rooms = {}
    clean = strip_cmake_comments(text)
    for match in re.finditer(r"(?m)^[ \t]*hybridfog_room\(([^)]*)\)", clean):
        tokens = match.group(1).split()
        line = clean.count("\n", 0, match.start()) + 1
        if not tokens:
            continue
        room, section = tokens[0], None
        entry = {"rooms": [], "libraries": [], "line": line}
        for token in tokens[1:]:
            if token in ("ROOMS", "PUBLIC", "PRIVATE"):
                section = token
            elif section == "ROOMS":
                entry["rooms"].append(token)
            else:
                entry["libraries"].append(token)
        entry["simgrid"] = any("SIMGRID" in library.upper() for library in entry["libraries"])
        rooms[room] = entry
    return rooms


class Tree:
    """The project files of sim/ and their includes, read once."""

    def __init__(self, source):
        self.source = source
        self.sim = os.path.join(source, "sim")
        self.includes = {}  # "room/file.hpp" -> [(line, kind, target)]
        for folder in sorted(os.listdir(self.sim)):
            directory = os.path.join(self.sim, folder)
            if not os.path.isdir(directory):
                continue
            for root, _, files in os.walk(directory):
                for name in sorted(files):
                    if not name.endswith((".hpp", ".cpp", ".h", ".hpp.in")):
                        continue
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, self.sim).replace(os.sep, "/")
                    found = []
                    with open(full, encoding="utf-8", errors="replace") as f:
                        for number, text in enumerate(f, 1):
                            match = INCLUDE.match(text)
                            if match:
                                found.append((number, match.group(1), match.group(2)))
                    self.includes[rel] = found

    @staticmethod
    def folder(rel):
        return rel.split("/", 1)[0]

    def resolve(self, rel, kind, target, rooms):
        """(room, project file or None) for a project include, ("", None) for a system header, None for
        a quoted include that names nothing known."""
        first = target.split("/", 1)[0]
        if "/" in target and (first in rooms or first in EXECUTABLE_FOLDERS):
            return first, target if target in self.includes else None
        if "/" in target and first in GENERATED:
            return GENERATED[first], None
        if kind == '"':
            local = os.path.dirname(rel) + "/" + target
            if local in self.includes:
                return self.folder(rel), local
            return None
        return "", None


def check(source):
    findings = []
    rooms = read_rooms(source)
    if not rooms:
        return ["CMakeLists.txt: no hybridfog_room(...) declaration found"]
    cmake = "CMakeLists.txt"

    # graph: declared rooms only, no cycle.
    for room, entry in rooms.items():
        for used in entry["rooms"]:
            if used not in rooms:
                findings.append(f"{cmake}:{entry['line']}: room {room} declares ROOMS {used}, which is no room")
    state = {}

    def visit(room, path):
        if state.get(room) == "done":
            return
        if state.get(room) == "open":
            cycle = path[path.index(room):] + [room]
            findings.append(f"{cmake}:{rooms[room]['line']}: rooms form a cycle: {' -> '.join(cycle)}")
            return
        state[room] = "open"
        for used in rooms[room]["rooms"]:
            if used in rooms:
                visit(used, path + [room])
        state[room] = "done"

    for room in rooms:
        visit(room, [])

    tree = Tree(source)
    for folder in sorted({Tree.folder(rel) for rel in tree.includes}):
        if folder not in rooms and folder not in EXECUTABLE_FOLDERS:
            findings.append(f"sim/{folder}/: a folder of sim/ that is no room declared in {cmake} "
                            f"(hybridfog_room) and not the executable's")

    def declared(room):
        return ", ".join(rooms[room]["rooms"]) or "no room"

    # rooms: every include of a room's file names itself or a declared room.
    for rel, includes in tree.includes.items():
        room = Tree.folder(rel)
        for number, kind, target in includes:
            resolved = tree.resolve(rel, kind, target, rooms)
            if resolved is None:
                findings.append(f"sim/{rel}:{number}: #include \"{target}\" names no room and no file of its folder")
                continue
            used, _ = resolved
            if not used or room in EXECUTABLE_FOLDERS or room not in rooms:
                continue
            if used in EXECUTABLE_FOLDERS:
                findings.append(f"sim/{rel}:{number}: #include {quote(kind, target)}: room {room} may not use "
                                f"the executable's folder {used}/")
            elif used != room and used not in rooms[room]["rooms"]:
                findings.append(f"sim/{rel}:{number}: #include {quote(kind, target)}: room {room} may not use "
                                f"room {used} ({room} uses {declared(room)}: ROOMS of hybridfog_room({room}) "
                                f"in {cmake}:{rooms[room]['line']})")

    # simgrid: transitively, through project headers.
    memo = {}

    def simgrid_chain(rel, seen):
        """None, or the include chain from `rel` to a SimGrid header: [(file, line, target), ...]."""
        if rel in memo:
            return memo[rel]
        if rel in seen:
            return None
        seen = seen | {rel}
        chain = None
        for number, kind, target in tree.includes.get(rel, []):
            if kind == "<" and target.startswith(SIMGRID_PREFIXES):
                chain = [(rel, number, quote(kind, target))]
                break
            resolved = tree.resolve(rel, kind, target, rooms)
            if resolved and resolved[1]:
                below = simgrid_chain(resolved[1], seen)
                if below:
                    chain = [(rel, number, quote(kind, target))] + below
                    break
        memo[rel] = chain
        return chain

    for rel in tree.includes:
        room = Tree.folder(rel)
        if room not in rooms or rooms[room]["simgrid"]:
            continue
        chain = simgrid_chain(rel, set())
        if chain:
            first = chain[0]
            through = " -> ".join(f"sim/{f}:{n} {t}" for f, n, t in chain[1:])
            findings.append(f"sim/{first[0]}:{first[1]}: #include {first[2]}: room {room} may not see SimGrid "
                            f"(it does not link it in {cmake}:{rooms[room]['line']})"
                            + (f"; it comes through {through}" if through else ""))

    findings += check_unit_tests(source, rooms)
    findings += check_docs(source, rooms)
    return findings


def check_unit_tests(source, rooms):
    """tests/unit mirrors the rooms: every *_test.cpp lies in tests/unit/<room>/."""
    unit = os.path.join(source, "tests", "unit")
    findings = []
    if not os.path.isdir(unit):
        return findings
    for root, _, files in os.walk(unit):
        for name in sorted(files):
            if not name.endswith("_test.cpp"):
                continue
            rel = os.path.relpath(os.path.join(root, name), unit).replace(os.sep, "/")
            if "/" not in rel or rel.split("/", 1)[0] not in rooms:
                findings.append(f"tests/unit/{rel}: a unit test outside tests/unit/<room>/ (the rooms of "
                                f"CMakeLists.txt: {', '.join(rooms)})")
    return sorted(findings)


def quote(kind, target):
    return f"<{target}>" if kind == "<" else f"\"{target}\""


def named_rooms(text, rooms):
    """The room names in a comma list, parenthesised words left out."""
    text = re.sub(r"\([^)]*\)", "", text)
    names = set()
    for part in text.split(","):
        word = part.strip().strip("`").strip()
        if word in rooms:
            names.add(word)
    return names


def check_docs(source, rooms):
    rel = "docs/architecture.md"
    path = os.path.join(source, rel)
    if not os.path.exists(path):
        return [f"{rel}: missing"]
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    findings = []
    table_rows, block_rows = {}, {}
    in_block = False
    after_heading = False
    for number, line in enumerate(lines, 1):
        if line.startswith("## "):
            after_heading = line.strip() == "## The build enforces the arrows"
        if line.startswith("```"):
            in_block = not in_block
            continue
        row = re.match(r"^\|\s*`sim/([a-z_]+)/`\s*\|", line)
        if row and row.group(1) in rooms:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) >= 4:
                table_rows[row.group(1)] = (number, cells[2], cells[3])
        arrow = re.match(r"^([a-z_]+)\s+←\s*(.*)$", line)
        if in_block and after_heading and arrow and arrow.group(1) in rooms:
            block_rows[arrow.group(1)] = (number, arrow.group(2))

    def show(names):
        return ", ".join(sorted(names)) or "no room"

    for room, entry in rooms.items():
        expected = set(entry["rooms"])
        if room not in table_rows:
            findings.append(f"{rel}: the rooms table has no row for `sim/{room}/`")
        else:
            number, may_use, never = table_rows[room]
            listed = named_rooms(may_use.split(";", 1)[0], rooms)
            if listed != expected:
                findings.append(f"{rel}:{number}: rooms table, sim/{room}/ may use {show(listed)}; "
                                f"CMakeLists.txt:{entry['line']} declares {show(expected)}")
            if ("SimGrid" in may_use) != entry["simgrid"]:
                findings.append(f"{rel}:{number}: rooms table, sim/{room}/ \"may use\" "
                                f"{'names' if not entry['simgrid'] else 'does not name'} SimGrid; "
                                f"CMakeLists.txt:{entry['line']} {'links' if entry['simgrid'] else 'does not link'} it")
            if not entry["simgrid"] and "SimGrid" not in never:
                findings.append(f"{rel}:{number}: rooms table, sim/{room}/ \"never\" does not name SimGrid; "
                                f"CMakeLists.txt:{entry['line']} does not link it")
        if room not in block_rows:
            findings.append(f"{rel}: \"The build enforces the arrows\" has no line `{room} ← ...`")
        else:
            number, uses = block_rows[room]
            listed = named_rooms(uses, rooms)
            if listed != expected:
                findings.append(f"{rel}:{number}: \"The build enforces the arrows\", {room} ← {show(listed)}; "
                                f"CMakeLists.txt:{entry['line']} declares {show(expected)}")
            if ("SimGrid" in uses) != entry["simgrid"]:
                findings.append(f"{rel}:{number}: \"The build enforces the arrows\", the line of {room} "
                                f"{'names' if not entry['simgrid'] else 'does not name'} SimGrid; "
                                f"CMakeLists.txt:{entry['line']} {'links' if entry['simgrid'] else 'does not link'} it")
    return findings


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    args = parser.parse_args()
    findings = check(args.source)
    for finding in findings:
        print(finding)
    if findings:
        print(f"layering: {len(findings)} finding(s)", file=sys.stderr)
        return 1
    rooms = read_rooms(args.source)
    print(f"layering: {len(rooms)} rooms, every include of sim/ follows CMakeLists.txt's ROOMS; "
          f"no SimGrid outside {', '.join(r for r in rooms if rooms[r]['simgrid'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
