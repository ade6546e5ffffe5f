// Policy `python` (docs/policies.md, "Policies written in Python"): the decision at an exit head is a method of
// a class the user wrote in Python, called through an interpreter embedded in the hybridfog binary.
//
//   policy: {name: python, module: my_policy.py, class: MyPolicy, params: {threshold: 0.78}}
//
// The module (a file relative to the scenario, or a module name on the interpreter's path) is imported when
// the scenario loads (so `validate` checks it), the class is built with `params` as keyword arguments, and
// at every exit head but the final one its `decide(head, sample, context)` returns "exit", "next" or
// "escalate". `sample` holds that head's trace values by column name ("pred", "confidence",
// "entropy_nats" and the head's extras such as "appeal"); `context` is None, or the policy context of
// docs/policies.md as a read-only record when the class sets `needs_context = True`.
//
// Lives in the executable, not in a room library: the library would link libpython, and the Python API's
// module (python/) loads every room into an interpreter that has its own.
#include <pybind11/embed.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/input_error.hpp"
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace py = pybind11;

namespace hybridfog {
namespace {

// Where user code failed: the innermost frame of the traceback that is in a file (not in the interpreter's
// frozen import machinery): file, line and column; and "Type: message".
struct PythonFailure {
  SourceLocation where;
  std::string what;
};

PythonFailure describe(const py::error_already_set& e, const std::string& fallback_file) {
  PythonFailure failure{{fallback_file, 0, 0}, ""};
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

// The user's module: a .py file (its folder goes first on sys.path, for its own imports), or a module name.
py::module_ import_module(const std::string& module) {
  const bool file = module.size() > 3 && module.compare(module.size() - 3, 3, ".py") == 0;
  if (!file) return py::module_::import(module.c_str());
  py::module_ sys = py::module_::import("sys"), importlib = py::module_::import("importlib.util"),
              os_path = py::module_::import("os.path");
  const py::object folder = os_path.attr("dirname")(module);
  if (!sys.attr("path").contains(folder)) sys.attr("path").attr("insert")(0, folder);  // once (sweep loads each point)
  const py::object name = os_path.attr("splitext")(os_path.attr("basename")(module))[py::int_(0)];
  const py::object spec = importlib.attr("spec_from_file_location")(name, module);
  py::module_ loaded = importlib.attr("module_from_spec")(spec);
  sys.attr("modules")[name] = loaded;
  spec.attr("loader").attr("exec_module")(loaded);
  return loaded;
}

// The fields of PolicyContext, in the order of docs/policies.md.
constexpr std::array<const char*, 24> kContextFields = {
    "now_s", "age_s", "deadline_s", "deciding_host", "on_device", "offload_bytes", "remaining_compute_s",
    "throughput_bytes_per_s", "throughput_samples", "throughput_age_s", "rtt_s", "rtt_samples", "queue_known",
    "advertised_queue", "next_host_cores", "queue_staleness_s", "offloads_answered", "offloads_late",
    "offload_response_s", "decisions", "offloaded_bytes", "last_tier_requests", "energy_j", "battery_fraction"};

class PythonPolicy final : public ExitPolicy {
 public:
  PythonPolicy(py::object instance, std::string class_name, const ModelProfile& profile, const Trace& trace)
      : instance_(std::move(instance)), decide_(instance_.attr("decide")), class_name_(std::move(class_name)) {
    const py::object code = decide_.attr("__func__").attr("__code__");
    decide_at_ = {py::str(code.attr("co_filename")).cast<std::string>(), code.attr("co_firstlineno").cast<int>(), 0};
    // The column of its `def`, from the source line (when the file can be read).
    const std::string line =
        py::str(py::module_::import("linecache").attr("getline")(decide_at_.file, decide_at_.line)).cast<std::string>();
    if (const size_t def = line.find("def "); def != std::string::npos) decide_at_.column = static_cast<int>(def) + 1;
    context_ = py::bool_(py::getattr(instance_, "needs_context", py::bool_(false)));
    may_escalate_ = py::bool_(py::getattr(instance_, "may_escalate", py::bool_(false)));
    for (const auto& head : profile.heads) {
      Head h;
      h.name = py::str(head.name);
      h.columns = trace.head(head.name);
      for (const auto& [extra, values] : h.columns->extras) h.extras.emplace_back(py::str(extra), &values);
      heads_.push_back(std::move(h));
    }
    if (context_) {
      py::list fields;
      for (const char* field : kContextFields) fields.append(field);
      context_type_ = py::module_::import("collections").attr("namedtuple")("PolicyContext", fields);
    }
  }

  Decision decide(const Trace&, size_t row, const HeadInfo& head) const override { return call(row, head, nullptr); }
  bool may_escalate() const override { return may_escalate_; }
  bool decides_offline() const override { return false; }
  ContextNeeds context_needs() const override {
    ContextNeeds needs;
    needs.context = context_;
    return needs;
  }
  Decision decide_in_context(const Trace&, size_t row, const HeadInfo& head, const PolicyContext& context,
                             PolicyState*) const override {
    return call(row, head, &context);
  }

 private:
  struct Head {
    py::str name;
    const HeadColumns* columns = nullptr;
    std::vector<std::pair<py::str, const Eigen::VectorXd*>> extras;
  };

  py::object context_record(const PolicyContext& c) const {
    return context_type_(c.now_s, c.age_s, c.deadline_s, c.deciding_host, c.on_device, c.offload_bytes,
                         c.remaining_compute_s, c.throughput_bytes_per_s, c.throughput_samples, c.throughput_age_s,
                         c.rtt_s, c.rtt_samples, c.queue_known, c.advertised_queue, c.next_host_cores,
                         c.queue_staleness_s, c.offloads_answered, c.offloads_late, c.offload_response_s, c.decisions,
                         c.offloaded_bytes, c.last_tier_requests, c.energy_j, c.battery_fraction);
  }

  std::string which(const HeadInfo& head, size_t row) const {
    return "(" + (head.sample_id ? "sample " + std::to_string(*head.sample_id) + ", " : std::string()) + "trace row " +
           std::to_string(row) + ", head " + py::str(heads_[head.index].name).cast<std::string>() + ")";
  }

  Decision call(size_t row, const HeadInfo& head, const PolicyContext* context) const {
    const Head& h = heads_[head.index];
    const auto r = static_cast<Eigen::Index>(row);
    py::dict sample;
    sample[pred_] = py::int_(h.columns->pred[r]);
    sample[confidence_] = py::float_(h.columns->confidence[r]);
    sample[entropy_] = py::float_(h.columns->entropy_nats[r]);
    for (const auto& [name, values] : h.extras) sample[name] = py::float_((*values)[r]);
    py::object answer;
    try {
      answer = decide_(h.name, sample, context ? context_record(*context) : py::none());
    } catch (py::error_already_set& e) {
      const PythonFailure failure = describe(e, decide_at_.file);
      throw InputError(failure.where, "policy.class", class_name_ + ".decide raised " + failure.what + " " + which(head, row));
    }
    if (py::isinstance<py::str>(answer)) {
      const std::string word = answer.cast<std::string>();
      if (word == "exit") return Decision::exit;
      if (word == "next") return Decision::next;
      if (word == "escalate") return Decision::escalate;
    }
    std::string shown = py::repr(answer).cast<std::string>();
    if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
    throw InputError(decide_at_, "policy.class",
                     class_name_ + ".decide returned " + shown + ", not \"exit\", \"next\" or \"escalate\" " + which(head, row));
  }

  py::object instance_, decide_, context_type_;
  std::string class_name_;
  SourceLocation decide_at_;
  bool context_ = false, may_escalate_ = false;
  std::vector<Head> heads_;
  py::str pred_{"pred"}, confidence_{"confidence"}, entropy_{"entropy_nats"};
};

std::unique_ptr<ExitPolicy> create(const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) {
  const auto word = [&](const char* key) -> std::string {
    const auto it = spec.words.find(key);
    if (it == spec.words.end()) throw PolicyParameterError(key, std::string("policy python needs `") + key + "`");
    return it->second;
  };
  const std::string module_name = word("module"), class_name = word("class");
  const auto params = spec.words.find("params");
  start_interpreter();
  py::module_ module;
  try {
    module = import_module(module_name);
  } catch (py::error_already_set& e) {
    const PythonFailure failure = describe(e, module_name);
    // The module itself is not there (not a module it imports): the scenario's key is at fault.
    if (e.matches(PyExc_ModuleNotFoundError) &&
        py::str(py::getattr(e.value(), "name", py::str(""))).cast<std::string>() == module_name)
      throw PolicyParameterError("module", "cannot import " + module_name + ": " + failure.what);
    throw InputError(failure.where, "policy.module", "importing " + module_name + " raised " + failure.what);
  }
  if (!py::hasattr(module, class_name.c_str()))
    throw PolicyParameterError("class", "module " + module_name + " has no class " + class_name);
  const py::object cls = module.attr(class_name.c_str());
  if (!py::isinstance(cls, py::module_::import("builtins").attr("type")))
    throw PolicyParameterError("class", class_name + " in " + module_name + " is not a class");
  if (!py::hasattr(cls, "decide") || !py::isinstance(cls.attr("decide"), py::module_::import("types").attr("FunctionType")))
    throw PolicyParameterError("class", "class " + class_name + " has no method decide(self, head, sample, context)");
  const py::object kwargs =
      params == spec.words.end() ? py::dict() : py::module_::import("json").attr("loads")(params->second);
  if (!py::isinstance<py::dict>(kwargs))
    throw PolicyParameterError("params", "params are the keyword arguments of " + class_name + "(...): give a map");
  py::object instance;
  try {
    instance = cls(**py::dict(kwargs));
  } catch (py::error_already_set& e) {
    const PythonFailure failure = describe(e, module_name);
    throw InputError(failure.where, "policy.params", class_name + "(**params) raised " + failure.what);
  }
  return std::make_unique<PythonPolicy>(std::move(instance), class_name, profile, trace);
}

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{"python",
                                     "the decision of a class written in Python (module, class, params)",
                                     {"module", "class", "params"},
                                     create,
                                     {{"module", "module"}, {"class", "word"}, {"params", "json"}}});

}  // namespace
}  // namespace hybridfog
