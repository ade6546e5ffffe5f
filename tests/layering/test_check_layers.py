#!/usr/bin/python3
"""The layering checker can fail: each rule catches a planted violation, with file, line and include.

Each test writes a small fake project (CMakeLists.txt with hybridfog_room declarations, docs/architecture.md
with the rooms table and the arrows block, sim/<room>/ files) into a temporary folder, or copies the real
CMakeLists.txt, docs/architecture.md and sim/ and plants one include, then runs check_layers.py on it as
a separate process and checks its exit status and its lines.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
CHECKER = os.path.join(HERE, "check_layers.py")

CMAKE = textwrap.dedent("""\
    function(hybridfog_room room)
    endfunction()
    hybridfog_room(core     PUBLIC yaml-cpp)
    hybridfog_room(platform ROOMS core PRIVATE PkgConfig::SIMGRID)
    hybridfog_room(cost     ROOMS core platform)  # a comment ROOMS engine
    hybridfog_room(engine   ROOMS core platform cost
                            PRIVATE PkgConfig::SIMGRID)
    """)

ARCHITECTURE = textwrap.dedent("""\
    # architecture

    | room | owns | may use | never |
    |---|---|---|---|
    | `sim/core/` | units | yaml-cpp | SimGrid |
    | `sim/platform/` | specs and the builder | core, SimGrid (builder only) | traces |
    | `sim/cost/` | costs | core, platform (specs); engine never | SimGrid |
    | `sim/engine/` | the simulation | core, platform, cost, SimGrid | parsing YAML |
    | `sim/cli/` | commands | all | business logic |

    ## The build enforces the arrows

    ```
    core     ← yaml-cpp
    platform ← core            (SimGrid, private)
    cost     ← core, platform
    engine   ← core, platform, cost   (SimGrid, private)
    ```
    """)

FILES = {
    "sim/core/units.hpp": '#pragma once\n#include <string>\n',
    "sim/core/units.cpp": '#include "core/units.hpp"\n#include "hybridfog/version.hpp"\n',
    "sim/platform/platform_spec.hpp": '#pragma once\n#include "core/units.hpp"\n',
    "sim/platform/platform_builder.hpp": '#pragma once\nnamespace simgrid::s4u { class Host; }\n'
                                         '#include "platform/platform_spec.hpp"\n',
    "sim/platform/platform_builder.cpp": '#include "platform/platform_builder.hpp"\n#include <simgrid/s4u.hpp>\n',
    "sim/cost/cost_model.hpp": '#pragma once\n#include "platform/platform_spec.hpp"\n'
                               '#include "platform/platform_builder.hpp"\n',
    "sim/cost/cost_model.cpp": '#include "cost_model.hpp"\n#include <vector>\n',
    "sim/engine/simulation.cpp": '#include "cost/cost_model.hpp"\n#include <simgrid/s4u.hpp>\n#include <xbt/log.h>\n',
    "sim/cli/main.cpp": '#include "engine/simulation.hpp"\n#include "cost/cost_model.hpp"\n',
    "sim/engine/simulation.hpp": '#pragma once\n',
}


def run_checker(source):
    result = subprocess.run([sys.executable, CHECKER, "--source", source], capture_output=True, text=True)
    return result.returncode, result.stdout.splitlines(), result.stderr


class FakeTree(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="hybridfog-layering-test-")
        self.write("CMakeLists.txt", CMAKE)
        self.write("docs/architecture.md", ARCHITECTURE)
        for path, text in FILES.items():
            self.write(path, text)

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, path, text):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)

    def append(self, path, text):
        with open(os.path.join(self.root, path), "a", encoding="utf-8") as f:
            f.write(text)

    def check_fails_with(self, expected):
        status, lines, stderr = run_checker(self.root)
        self.assertEqual(status, 1, lines)
        self.assertEqual(lines, expected)
        self.assertIn(f"layering: {len(expected)} finding(s)", stderr)

    def test_clean_tree_passes(self):
        status, lines, _ = run_checker(self.root)
        self.assertEqual(status, 0, lines)
        self.assertEqual(lines, ["layering: 4 rooms, every include of sim/ follows CMakeLists.txt's ROOMS; "
                                 "no SimGrid outside platform, engine"])

    def test_upward_header_include(self):
        # Line 3 of a header: cost uses engine, which it does not declare (engine is above it).
        self.append("sim/cost/cost_model.hpp", '#include "engine/simulation.hpp"\n')
        self.check_fails_with([
            'sim/cost/cost_model.hpp:4: #include "engine/simulation.hpp": room cost may not use room engine '
            '(cost uses core, platform: ROOMS of hybridfog_room(cost) in CMakeLists.txt:5)'])

    def test_angle_include_of_a_room_counts(self):
        self.write("sim/core/units.cpp", '#include <platform/platform_spec.hpp>\n')
        self.check_fails_with([
            'sim/core/units.cpp:1: #include <platform/platform_spec.hpp>: room core may not use room platform '
            '(core uses no room: ROOMS of hybridfog_room(core) in CMakeLists.txt:3)'])

    def test_a_room_may_not_include_the_executable(self):
        self.write("sim/cli/main.hpp", '#pragma once\n')
        self.append("sim/engine/simulation.cpp", '#include "cli/main.hpp"\n')
        self.check_fails_with([
            'sim/engine/simulation.cpp:4: #include "cli/main.hpp": room engine may not use the executable\'s folder cli/'])

    def test_undeclared_transitive_room(self):
        # engine may use cost, cost may use core: engine still declares core itself (direct declarations).
        self.write("CMakeLists.txt", CMAKE.replace("ROOMS core platform cost", "ROOMS platform cost"))
        self.write("docs/architecture.md", ARCHITECTURE.replace("| core, platform, cost, SimGrid |", "| platform, cost, SimGrid |")
                   .replace("engine   ← core, platform, cost", "engine   ← platform, cost"))
        self.write("sim/engine/simulation.hpp", '#pragma once\n#include "core/units.hpp"\n')
        self.check_fails_with([
            'sim/engine/simulation.hpp:2: #include "core/units.hpp": room engine may not use room core '
            '(engine uses platform, cost: ROOMS of hybridfog_room(engine) in CMakeLists.txt:6)'])

    def test_simgrid_directly(self):
        self.write("sim/cost/cost_model.cpp", '#include "cost_model.hpp"\n\n#include <simgrid/s4u/Host.hpp>\n')
        self.check_fails_with([
            'sim/cost/cost_model.cpp:3: #include <simgrid/s4u/Host.hpp>: room cost may not see SimGrid '
            '(it does not link it in CMakeLists.txt:5)'])

    def test_xbt_counts_as_simgrid(self):
        self.write("sim/core/units.hpp", '#pragma once\n#include <xbt/log.h>\n')
        status, lines, _ = run_checker(self.root)
        self.assertEqual(status, 1)
        self.assertIn('sim/core/units.hpp:2: #include <xbt/log.h>: room core may not see SimGrid '
                      '(it does not link it in CMakeLists.txt:3)', lines)

    def test_simgrid_through_a_header_of_a_room_below(self):
        # The builder's header includes SimGrid instead of forward-declaring: cost's header sees it through
        # it, and so does cost's source through cost's header; platform itself may.
        self.write("sim/platform/platform_builder.hpp",
                   '#pragma once\n#include <simgrid/s4u.hpp>\n#include "platform/platform_spec.hpp"\n')
        self.check_fails_with([
            'sim/cost/cost_model.cpp:1: #include "cost_model.hpp": room cost may not see SimGrid (it does not '
            'link it in CMakeLists.txt:5); it comes through sim/cost/cost_model.hpp:3 '
            '"platform/platform_builder.hpp" -> sim/platform/platform_builder.hpp:2 <simgrid/s4u.hpp>',
            'sim/cost/cost_model.hpp:3: #include "platform/platform_builder.hpp": room cost may not see SimGrid '
            '(it does not link it in CMakeLists.txt:5); it comes through sim/platform/platform_builder.hpp:2 '
            '<simgrid/s4u.hpp>'])

    def test_unknown_quoted_include(self):
        self.append("sim/core/units.cpp", '#include "nowhere.hpp"\n#include "third_party/x.hpp"\n')
        self.check_fails_with([
            'sim/core/units.cpp:3: #include "nowhere.hpp" names no room and no file of its folder',
            'sim/core/units.cpp:4: #include "third_party/x.hpp" names no room and no file of its folder'])

    def test_unit_test_outside_a_room_folder(self):
        self.write("tests/unit/core/units_test.cpp", "")
        self.write("tests/unit/test_support.hpp", "")
        self.write("tests/unit/progress_test.cpp", "")
        self.write("tests/unit/gpu/kernel_test.cpp", "")
        self.check_fails_with([
            "tests/unit/gpu/kernel_test.cpp: a unit test outside tests/unit/<room>/ (the rooms of CMakeLists.txt: "
            "core, platform, cost, engine)",
            "tests/unit/progress_test.cpp: a unit test outside tests/unit/<room>/ (the rooms of CMakeLists.txt: "
            "core, platform, cost, engine)"])

    def test_folder_that_is_no_room(self):
        self.write("sim/extra/thing.hpp", '#pragma once\n')
        self.check_fails_with(["sim/extra/: a folder of sim/ that is no room declared in CMakeLists.txt "
                               "(hybridfog_room) and not the executable's"])

    def test_cycle(self):
        self.write("CMakeLists.txt", CMAKE.replace("hybridfog_room(platform ROOMS core PRIVATE",
                                                   "hybridfog_room(platform ROOMS core cost PRIVATE"))
        self.write("docs/architecture.md", ARCHITECTURE.replace("| core, SimGrid (builder only) |", "| core, cost, SimGrid |")
                   .replace("platform ← core ", "platform ← core, cost "))
        self.check_fails_with(["CMakeLists.txt:4: rooms form a cycle: platform -> cost -> platform"])

    def test_unknown_room(self):
        self.write("CMakeLists.txt", CMAKE.replace("ROOMS core platform)", "ROOMS core platform gpu)"))
        status, lines, _ = run_checker(self.root)
        self.assertEqual(status, 1)
        self.assertIn("CMakeLists.txt:5: room cost declares ROOMS gpu, which is no room", lines)

    def test_docs_table_disagrees(self):
        self.write("docs/architecture.md", ARCHITECTURE.replace("| core, platform, cost, SimGrid |", "| core, cost, SimGrid |")
                   .replace("| core, platform (specs); engine never | SimGrid |", "| core, platform, SimGrid | — |"))
        self.check_fails_with([
            "docs/architecture.md:7: rooms table, sim/cost/ \"may use\" names SimGrid; CMakeLists.txt:5 does not link it",
            "docs/architecture.md:7: rooms table, sim/cost/ \"never\" does not name SimGrid; CMakeLists.txt:5 does not link it",
            "docs/architecture.md:8: rooms table, sim/engine/ may use core, cost; CMakeLists.txt:6 declares core, cost, platform"])

    def test_docs_block_disagrees_or_misses_a_room(self):
        self.write("docs/architecture.md", ARCHITECTURE.replace("cost     ← core, platform\n", "")
                   .replace("platform ← core            (SimGrid, private)", "platform ← core, cost")
                   .replace("| `sim/core/` | units | yaml-cpp | SimGrid |\n", ""))
        self.check_fails_with([
            "docs/architecture.md: the rooms table has no row for `sim/core/`",
            "docs/architecture.md:14: \"The build enforces the arrows\", platform ← core, cost; CMakeLists.txt:4 declares core",
            "docs/architecture.md:14: \"The build enforces the arrows\", the line of platform does not name SimGrid; "
            "CMakeLists.txt:4 links it",
            "docs/architecture.md: \"The build enforces the arrows\" has no line `cost ← ...`"])


class RealTree(unittest.TestCase):
    """The project as it is passes; a copy with one planted upward include fails on that include."""

    def test_project_passes(self):
        status, lines, stderr = run_checker(SOURCE)
        self.assertEqual(status, 0, "\n".join(lines) + stderr)

    def test_planted_upward_include_in_a_copy(self):
        root = tempfile.mkdtemp(prefix="hybridfog-layering-test-")
        try:
            shutil.copy(os.path.join(SOURCE, "CMakeLists.txt"), root)
            shutil.copytree(os.path.join(SOURCE, "docs"), os.path.join(root, "docs"))
            shutil.copytree(os.path.join(SOURCE, "sim"), os.path.join(root, "sim"))
            header = os.path.join(root, "sim", "cost", "cost_model.hpp")
            with open(header, encoding="utf-8") as f:
                lines = f.read().splitlines(keepends=True)
            # After #pragma once: a header-only include of scenario (above cost) from cost.
            lines.insert(1, '#include "scenario/scenario_spec.hpp"\n')
            with open(header, "w", encoding="utf-8") as f:
                f.writelines(lines)
            status, out, _ = run_checker(root)
            self.assertEqual(status, 1)
            self.assertEqual(len(out), 1, out)
            self.assertRegex(out[0], r'^sim/cost/cost_model\.hpp:2: #include "scenario/scenario_spec\.hpp": room cost '
                                     r'may not use room scenario \(cost uses core, model, platform: ROOMS of '
                                     r'hybridfog_room\(cost\) in CMakeLists\.txt:\d+\)$')
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
