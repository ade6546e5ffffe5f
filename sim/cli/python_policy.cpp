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
// The Python API may hand over an object instead (hybridfog.run(scenario, policy=obj)): the section is then
// {name: python, object: <class name>} and the object is the one python::handed("policy").
//
// Compiled into the executable and into the Python API's module (cli/python_support.hpp says why not a room).
#include <pybind11/pybind11.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/python_support.hpp"
#include "core/input_error.hpp"
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace py = pybind11;

namespace hybridfog {
namespace {

using python::Failure;
using python::describe;

class PythonPolicy final : public ExitPolicy {
 public:
  PythonPolicy(py::object instance, std::string class_name, const ModelProfile& profile, const Trace& trace)
      : instance_(std::move(instance)), decide_(instance_.attr("decide")), class_name_(std::move(class_name)) {
    decide_at_ = python::method_place(instance_, "decide");
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
      for (const char* field : kPolicyContextFields) fields.append(field);
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

  // Typed as the struct (ints, bools), in kPolicyContextFields' order; a field added there is added here.
  static_assert(kPolicyContextFields.size() == 24, "PolicyContext has a new field: give it to Python here");
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
      const Failure failure = describe(e, decide_at_.file);
      throw InputError(failure.where, "policy.class", class_name_ + ".decide raised " + failure.what + " " + which(head, row));
    }
    if (py::isinstance<py::str>(answer)) {
      const std::string word = answer.cast<std::string>();
      if (word == "exit") return Decision::exit;
      if (word == "next") return Decision::next;
      if (word == "escalate") return Decision::escalate;
    }
    throw InputError(decide_at_, "policy.class",
                     class_name_ + ".decide returned " + python::shown(answer) + ", not \"exit\", \"next\" or \"escalate\" " + which(head, row));
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
    return it == spec.words.end() ? std::string() : it->second;
  };
  python::start_interpreter();
  if (spec.words.count("object")) {  // handed over by the Python API: hybridfog.run(..., policy=obj)
    if (spec.words.count("module") || spec.words.count("class") || spec.words.count("params"))
      throw PolicyParameterError("object", "`object` (an object handed to the Python API) takes no module, class or params");
    const py::object instance = python::handed("policy");
    if (!instance)
      throw PolicyParameterError("object", "no object was handed over as policy= (`object` is set by the Python "
                                           "API's hybridfog.run(scenario, policy=obj); a scenario names module and class)");
    const std::string class_name = py::str(py::type::of(instance).attr("__qualname__")).cast<std::string>();
    if (!py::hasattr(instance, "decide") || !PyCallable_Check(instance.attr("decide").ptr()))
      throw PolicyParameterError("object", "the policy object (a " + class_name + ") has no method decide(head, sample, context)");
    return std::make_unique<PythonPolicy>(instance, class_name, profile, trace);
  }
  for (const char* key : {"module", "class"})
    if (word(key).empty()) throw PolicyParameterError(key, std::string("policy python needs `") + key + "`");
  try {
    python::UserObject user = python::build(word("module"), word("class"), word("params"), "policy", {"decide"});
    return std::make_unique<PythonPolicy>(std::move(user.instance), user.class_name, profile, trace);
  } catch (const python::Missing& missing) {
    throw PolicyParameterError(missing.key, missing.key == "class" && missing.message.find("has no method") != std::string::npos
                                                ? missing.message + "(self, head, sample, context)"
                                                : missing.message);
  }
}

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{"python",
                                     "the decision of a class written in Python (module, class, params)",
                                     {"module", "class", "params", "object"},
                                     create,
                                     {{"module", "module"}, {"class", "word"}, {"params", "json"}, {"object", "word"}}});

}  // namespace
}  // namespace hybridfog
