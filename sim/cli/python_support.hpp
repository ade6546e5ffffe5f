#pragma once
// What the decision logic written in Python shares (sim/cli/python_policy.cpp, python_orchestrator.cpp):
// starting the interpreter, importing the user's module, building the user's class from `params`, and
// turning a Python exception into the user's file:line:column. Compiled into the hybridfog executable
// (which embeds an interpreter) and into the Python API's module hybridfog._core (python/CMakeLists.txt,
// which runs inside one).
//
// Not a room of sim/ (docs/architecture.md): no room library links libpython, because the Python API's module
// loads every room into an interpreter that has its own.
#include <pybind11/pybind11.h>

#include <initializer_list>
#include <string>

#include "core/input_error.hpp"

// Hidden, as pybind11 hides its own types (a struct holding a py::object must not be more visible than it).
namespace hybridfog {
namespace __attribute__((visibility("hidden"))) python {

namespace py = pybind11;

// Where user code failed: the innermost frame of the traceback that is in a file (not in the interpreter's
// frozen import machinery), and "Type: message".
struct Failure {
  SourceLocation where;
  std::string what;
};
Failure describe(const py::error_already_set& e, const std::string& fallback_file);

// Starts the embedded interpreter when none runs (the executable); inside the Python API it is already up.
void start_interpreter();

// The user's object, from a scenario's {module, class, params} or handed over by the Python API.
struct UserObject {
  py::object instance;
  std::string class_name;
};

// Imports `module` (a .py file: its folder goes first on sys.path; or a module name), finds `class_name`,
// checks that it has every method of `methods`, and builds it with `params_json` (a JSON map, or empty) as
// keyword arguments. Errors name `section` (e.g. "policy", "orchestration.edge"): a missing module or class
// or method throws Missing{key, message} (the caller knows the key's place in the scenario); an exception
// in the user's code throws InputError at the user's file:line:column.
struct Missing {
  std::string key;
  std::string message;
};
UserObject build(const std::string& module, const std::string& class_name, const std::string& params_json,
                 const std::string& section, std::initializer_list<const char*> methods);

// The place of a method's `def` (file, first line, column of "def"); the class's file when unknown.
SourceLocation method_place(const py::object& instance, const char* method);

// Objects handed to hybridfog.run()/validate() by the Python API (policy=..., orchestrator=...): the API
// puts them here under a slot name ("policy", "orchestrator") before it loads the scenario, which then names
// the slot (`object:` in the policy or orchestration section). Empty when nothing was handed over.
void hand_over(const std::string& slot, py::object object);
py::object handed(const std::string& slot);
void clear_handed();

// "Type: message" of a value that is not what was expected, at most 60 characters.
std::string shown(const py::handle& value);

}  // namespace python
}  // namespace hybridfog
