// Orchestration rule `python` (docs/orchestration.md, "Your own rule"): which host of a server tier takes a
// sample is a method of a class the user wrote in Python.
//
//   orchestration: {name: python, module: my_rule.py, class: MyRule, params: {...}, candidates: site}
//
// The module is imported and the class built when the scenario loads (so `validate` checks them); before the
// run the object's optional `start(hosts)` is told every host (hosts.csv's order); at every dispatch its
// `choose(tier, candidates, context)` returns one of the candidates (the record, or its host name).
// The Python API may hand over an object instead (hybridfog.run(scenario, orchestrator=obj)): the section is
// then {name: python, object: <class name>} and the object is python::handed("orchestrator").
//
// Compiled into the executable and into the Python API's module (cli/python_support.hpp says why not a room).
#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/python_support.hpp"
#include "core/input_error.hpp"
#include "policy/exit_policy.hpp"
#include "scenario/orchestration_spec.hpp"

namespace py = pybind11;

namespace hybridfog {
namespace {

class PythonRule final : public CustomOrchestrationRule {
 public:
  PythonRule(py::object instance, std::string class_name, std::string key)
      : instance_(std::move(instance)), choose_(instance_.attr("choose")), class_name_(std::move(class_name)),
        key_(std::move(key)) {
    choose_at_ = python::method_place(instance_, "choose");
    const py::object namedtuple = py::module_::import("collections").attr("namedtuple");
    candidate_type_ = namedtuple("Candidate", py::make_tuple("host", "site", "host_class", "cores", "assigned_per_core",
                                                             "route_s", "stage_s"));
    context_type_ = namedtuple("OrchestrationContext",
                               py::make_tuple("now_s", "sample_id", "stage", "bytes", "from_host", "site"));
    host_type_ = namedtuple("Host", py::make_tuple("host", "tier", "site", "host_class", "cores"));
  }

  void start(const std::vector<OrchestrationHost>& hosts) override {
    hosts_.clear();
    py::list all;
    for (const OrchestrationHost& h : hosts) {
      hosts_.push_back({py::str(h.name), py::str(h.tier), py::str(h.host_class), py::int_(h.site), py::int_(h.cores)});
      all.append(host_type_(hosts_.back().name, hosts_.back().tier, hosts_.back().site, hosts_.back().host_class,
                            hosts_.back().cores));
    }
    if (!py::hasattr(instance_, "start")) return;
    try {
      instance_.attr("start")(all);
    } catch (py::error_already_set& e) {
      const python::Failure failure = python::describe(e, choose_at_.file);
      throw InputError(failure.where, key_, class_name_ + ".start raised " + failure.what);
    }
  }

  size_t choose(const OrchestrationQuery& q, const std::vector<OrchestrationCandidate>& candidates) override {
    py::list offered;
    for (const OrchestrationCandidate& c : candidates) {
      const Host& h = hosts_[static_cast<size_t>(c.host)];
      offered.append(candidate_type_(h.name, h.site, h.host_class, h.cores, c.assigned_per_core, c.route_s, c.stage_s));
    }
    const Host& tier_host = hosts_[static_cast<size_t>(candidates.front().host)];
    const py::object context = context_type_(q.now_s, q.sample_id, q.stage, q.bytes,
                                             hosts_[static_cast<size_t>(q.from_host)].name, q.site);
    py::object answer;
    try {
      answer = choose_(tier_host.tier, offered, context);
    } catch (py::error_already_set& e) {
      const python::Failure failure = python::describe(e, choose_at_.file);
      throw InputError(failure.where, key_, class_name_ + ".choose raised " + failure.what + " (sample " +
                                                std::to_string(q.sample_id) + ", tier " + tier_host.tier.cast<std::string>() + ")");
    }
    // One of the candidates: the record itself (or an equal one), or its host name.
    py::object name = answer;
    if (!py::isinstance<py::str>(answer) && py::isinstance<py::tuple>(answer) && py::hasattr(answer, "host"))
      name = answer.attr("host");
    if (py::isinstance<py::str>(name)) {
      for (size_t i = 0; i < candidates.size(); ++i)
        if (hosts_[static_cast<size_t>(candidates[i].host)].name.equal(name)) return i;
    }
    std::string names;
    for (size_t i = 0; i < candidates.size() && i < 4; ++i)
      names += (i ? ", " : "") + hosts_[static_cast<size_t>(candidates[i].host)].name.cast<std::string>();
    if (candidates.size() > 4) names += ", ... (" + std::to_string(candidates.size()) + " in all)";
    throw InputError(choose_at_, key_,
                     class_name_ + ".choose returned " + python::shown(answer) + ", not one of the candidates (" + names +
                         ") (sample " + std::to_string(q.sample_id) + ", tier " + tier_host.tier.cast<std::string>() + ")");
  }

 private:
  struct Host {
    py::str name, tier, host_class;
    py::int_ site, cores;
  };
  py::object instance_, choose_, candidate_type_, context_type_, host_type_;
  std::string class_name_, key_;
  SourceLocation choose_at_;
  std::vector<Host> hosts_;
};

std::shared_ptr<CustomOrchestrationRule> create(const std::map<std::string, std::string>& words) {
  const auto word = [&](const char* key) -> std::string {
    const auto it = words.find(key);
    return it == words.end() ? std::string() : it->second;
  };
  python::start_interpreter();
  if (words.count("object")) {  // handed over by the Python API: hybridfog.run(..., orchestrator=obj)
    if (words.count("module") || words.count("class") || words.count("params"))
      throw PolicyParameterError("object", "`object` (an object handed to the Python API) takes no module, class or params");
    const py::object instance = python::handed("orchestrator");
    if (!instance)
      throw PolicyParameterError("object", "no object was handed over as orchestrator= (`object` is set by the Python "
                                           "API's hybridfog.run(scenario, orchestrator=obj); a scenario names module and class)");
    const std::string class_name = py::str(py::type::of(instance).attr("__qualname__")).cast<std::string>();
    if (!py::hasattr(instance, "choose") || !PyCallable_Check(instance.attr("choose").ptr()))
      throw PolicyParameterError("object", "the orchestrator object (a " + class_name + ") has no method choose(tier, candidates, context)");
    return std::make_shared<PythonRule>(instance, class_name, word("section") + ".object");
  }
  for (const char* key : {"module", "class"})
    if (word(key).empty()) throw PolicyParameterError(key, std::string("rule python needs `") + key + "`");
  try {
    python::UserObject user = python::build(word("module"), word("class"), word("params"), word("section"), {"choose"});
    return std::make_shared<PythonRule>(std::move(user.instance), user.class_name, word("section") + ".class");
  } catch (const python::Missing& missing) {
    throw PolicyParameterError(missing.key, missing.message.find("has no method") != std::string::npos
                                                ? missing.message + "(self, tier, candidates, context)"
                                                : missing.message);
  }
}

const bool registered = CustomRuleRegistry::add({"python", {"module", "class", "params", "object"}, create});

}  // namespace
}  // namespace hybridfog
