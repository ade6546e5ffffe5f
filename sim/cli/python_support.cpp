#include "cli/python_support.hpp"

#include <pybind11/embed.h>

#include <map>

namespace hybridfog {
namespace python {

Failure describe(const py::error_already_set& e, const std::string& fallback_file) {
  Failure failure{{fallback_file, 0, 0}, ""};
  if (e.trace() && !e.trace().is_none()) {
    for (const py::handle frame : py::module_::import("traceback").attr("extract_tb")(e.trace())) {
      const std::string file = py::str(frame.attr("filename")).cast<std::string>();
      if (file.empty() || file.front() == '<') continue;
      failure.where.file = file;
      failure.where.line = frame.attr("lineno").is_none() ? 0 : frame.attr("lineno").cast<int>();
      const py::object column = py::getattr(frame, "colno", py::none());
      failure.where.column = column.is_none() ? 0 : column.cast<int>() + 1;
    }
  }
  const py::object value = e.value();
  // A syntax error in the module points at its own place, not at the importer's frame.
  if (py::isinstance(value, py::module_::import("builtins").attr("SyntaxError"))) {
    if (!value.attr("filename").is_none()) failure.where.file = py::str(value.attr("filename")).cast<std::string>();
    if (!value.attr("lineno").is_none()) failure.where.line = value.attr("lineno").cast<int>();
    failure.where.column = value.attr("offset").is_none() ? 0 : value.attr("offset").cast<int>();
  }
  failure.what = py::str(e.type().attr("__name__")).cast<std::string>() + ": " + py::str(value).cast<std::string>();
  return failure;
}

void start_interpreter() {
  if (Py_IsInitialized()) return;
  py::initialize_interpreter(false);  // hybridfog keeps its own signal handling (Ctrl-C, --max-wall)
  py::module_ sys = py::module_::import("sys");
  sys.attr("argv") = py::make_tuple("hybridfog");
  // Nothing is written beside the user's module (no __pycache__ folder): a run writes only its output folder.
  sys.attr("dont_write_bytecode") = true;
  // The interpreter is never finalized (it lives until the process ends): print() must not wait for it.
  sys.attr("stdout").attr("reconfigure")(py::arg("line_buffering") = true);
}

namespace {

// The user's module: a .py file (its folder goes first on sys.path, for its own imports), or a module name.
py::module_ import_module(const std::string& module) {
  const bool file = module.size() > 3 && module.compare(module.size() - 3, 3, ".py") == 0;
  if (!file) return py::module_::import(module.c_str());
  py::module_ sys = py::module_::import("sys"), importlib = py::module_::import("importlib.util"),
              os_path = py::module_::import("os.path");
  const py::object folder = os_path.attr("dirname")(module);
  if (!sys.attr("path").contains(folder)) sys.attr("path").attr("insert")(0, folder);  // once (sweep loads each point)
  const py::object name = os_path.attr("splitext")(os_path.attr("basename")(module))[py::int_(0)];
  // A module already imported from this very file is reused (a policy and an orchestrator in one file).
  const py::object modules = sys.attr("modules");
  if (modules.contains(name)) {
    const py::object loaded = modules[name];
    const py::object path = py::getattr(loaded, "__file__", py::none());
    if (!path.is_none() && os_path.attr("abspath")(path).equal(os_path.attr("abspath")(module)))
      return py::reinterpret_borrow<py::module_>(loaded);
  }
  const py::object spec = importlib.attr("spec_from_file_location")(name, module);
  py::module_ loaded = importlib.attr("module_from_spec")(spec);
  modules[name] = loaded;
  spec.attr("loader").attr("exec_module")(loaded);
  return loaded;
}

std::map<std::string, py::object>& slots() {
  static auto* held = new std::map<std::string, py::object>();  // never destroyed: outlives the interpreter
  return *held;
}

}  // namespace

UserObject build(const std::string& module_name, const std::string& class_name, const std::string& params_json,
                 const std::string& section, std::initializer_list<const char*> methods) {
  start_interpreter();
  py::module_ module;
  try {
    module = import_module(module_name);
  } catch (py::error_already_set& e) {
    const Failure failure = describe(e, module_name);
    // The module itself is not there (not a module it imports): the scenario's key is at fault.
    if (e.matches(PyExc_ModuleNotFoundError) &&
        py::str(py::getattr(e.value(), "name", py::str(""))).cast<std::string>() == module_name)
      throw Missing{"module", "cannot import " + module_name + ": " + failure.what};
    throw InputError(failure.where, section + ".module", "importing " + module_name + " raised " + failure.what);
  }
  if (!py::hasattr(module, class_name.c_str()))
    throw Missing{"class", "module " + module_name + " has no class " + class_name};
  const py::object cls = module.attr(class_name.c_str());
  if (!py::isinstance(cls, py::module_::import("builtins").attr("type")))
    throw Missing{"class", class_name + " in " + module_name + " is not a class"};
  for (const char* method : methods)
    if (!py::hasattr(cls, method) || !py::isinstance(cls.attr(method), py::module_::import("types").attr("FunctionType")))
      throw Missing{"class", "class " + class_name + " has no method " + method};
  const py::object kwargs = params_json.empty() ? py::dict() : py::module_::import("json").attr("loads")(params_json);
  if (!py::isinstance<py::dict>(kwargs))
    throw Missing{"params", "params are the keyword arguments of " + class_name + "(...): give a map"};
  try {
    return {cls(**py::dict(kwargs)), class_name};
  } catch (py::error_already_set& e) {
    const Failure failure = describe(e, module_name);
    throw InputError(failure.where, section + ".params", class_name + "(**params) raised " + failure.what);
  }
}

SourceLocation method_place(const py::object& instance, const char* method) {
  SourceLocation at{"<python>", 0, 0};
  const py::object bound = py::getattr(instance, method, py::none());
  const py::object function = py::getattr(bound, "__func__", bound);
  const py::object code = py::getattr(function, "__code__", py::none());
  if (code.is_none()) {
    const py::object module = py::module_::import("sys").attr("modules").attr("get")(
        py::getattr(py::type::of(instance), "__module__", py::str("")));
    const py::object file = module.is_none() ? py::none() : py::getattr(module, "__file__", py::none());
    if (!file.is_none()) at.file = py::str(file).cast<std::string>();
    return at;
  }
  at.file = py::str(code.attr("co_filename")).cast<std::string>();
  at.line = code.attr("co_firstlineno").cast<int>();
  // The column of its `def`, from the source line (when the file can be read).
  const std::string line = py::str(py::module_::import("linecache").attr("getline")(at.file, at.line)).cast<std::string>();
  if (const size_t def = line.find("def "); def != std::string::npos) at.column = static_cast<int>(def) + 1;
  return at;
}

void hand_over(const std::string& slot, py::object object) { slots()[slot] = std::move(object); }

py::object handed(const std::string& slot) {
  const auto it = slots().find(slot);
  return it == slots().end() ? py::object() : it->second;
}

void clear_handed() { slots().clear(); }

std::string shown(const py::handle& value) {
  std::string text = py::repr(value).cast<std::string>();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

}  // namespace python
}  // namespace hybridfog
