#pragma once
// Room policy/ (docs/architecture.md). Owns: the ExitPolicy interface, one file per policy, the registry by
// name. May use: model, trace.
//
// ExitPolicy: at an exit head, from that sample's trace values, stop or go on. Pure and deterministic:
// the same (trace row, head, parameters) always gives the same decision. Randomness lives in the workload.
//
// Each policy lives in its own file and registers itself by name (HYBRIDFOG_REGISTER_POLICY).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "policy/policy_context.hpp"

namespace hybridfog {

struct ModelProfile;
struct Trace;

// exit: answer with this head. next: go on to the next stage. escalate: skip the stages in between and
// go straight to the first stage on the partition's last tier (MEANet's "complex" path).
enum class Decision { exit, next, escalate };

// What the engine tells a policy about the head a sample has just reached.
struct HeadInfo {
  int index = 0;                      // index in ModelProfile::heads
  bool last_exit_before_last_tier = false;  // no other head comes before the partition's last tier
  // The simulated sample's id (samples.csv sample_id), for messages; none outside a simulation (validate's
  // load check, the partition search).
  std::optional<std::uint64_t> sample_id = std::nullopt;
};

// Policy parameters as given in the scenario (`policy:` section).
struct PolicySpec {
  std::string name;
  std::optional<double> threshold;            // one value for every exit head
  std::map<std::string, double> thresholds;   // per exit head, overriding `threshold`
  // Other parameters a policy declares (PolicyInfo::kinds), converted to SI units at the boundary.
  std::map<std::string, double> numbers = {};      // numbers and quantities ("gain_p", "reference_throughput")
  std::map<std::string, std::string> words = {};   // words ("base")
};

// A bad parameter; `key` is relative to the scenario's policy section ("thresholds.exit1").
struct PolicyParameterError : std::runtime_error {
  PolicyParameterError(std::string key_in, const std::string& what) : std::runtime_error(what), key(std::move(key_in)) {}
  std::string key;
};

class ExitPolicy {
 public:
  virtual ~ExitPolicy() = default;
  // Called at every head but the final one (where every sample stops).
  virtual Decision decide(const Trace& trace, size_t row, const HeadInfo& head) const = 0;
  // True when decide() may return Decision::escalate (the scenario then checks that skipping is possible).
  virtual bool may_escalate() const { return false; }
  // True when decide() depends on the trace row, the head and the parameters alone, so that it may be called
  // outside the run for every trace row (the offered-load check, the partition search). False for code the
  // user wrote (policy python): it may keep state, which such calls would change.
  virtual bool decides_offline() const { return true; }

  // Policies that see the network (docs/policies.md, "What a policy may see"). A policy whose needs are all
  // false (every static policy) is asked through decide() only and costs the engine nothing more.
  virtual ContextNeeds context_needs() const { return {}; }
  // A fresh per deciding host state (controllers); nullptr for policies without state.
  virtual std::unique_ptr<PolicyState> new_state() const { return nullptr; }
  // Called instead of decide() when context_needs().context; `state` is this host's new_state() (or null).
  virtual Decision decide_in_context(const Trace& trace, size_t row, const HeadInfo& head, const PolicyContext&,
                                     PolicyState*) const {
    return decide(trace, row, head);
  }
};

struct PolicyInfo {
  std::string name;
  std::string summary;                  // one line for `hybridfog validate` and docs
  std::vector<std::string> parameters;  // accepted keys besides `name` ("threshold", "thresholds")
  std::function<std::unique_ptr<ExitPolicy>(const PolicySpec&, const ModelProfile&, const Trace&)> create;
  // How the scenario reads parameters other than threshold(s): "number", "word", or a quantity kind
  // ("bandwidth", "time", "energy", "rate": converted to SI units). Keys not listed here are numbers.
  std::map<std::string, std::string> kinds = {};
};

class PolicyRegistry {
 public:
  static bool add(PolicyInfo info);
  static const PolicyInfo* find(const std::string& name);
  static std::vector<std::string> names();  // sorted
};

// Per exit head (all heads but the final one): spec.thresholds[name], else spec.threshold, else an error.
// Unknown head names in spec.thresholds are errors too.
std::vector<double> thresholds_per_exit_head(const PolicySpec& spec, const ModelProfile& profile);
// The shape shared by threshold rules: at exit head h, exit when score(h, row) < T_h (or >= T_h when
// `exit_at_or_above`), with one threshold per exit head.
class PerHeadThresholdPolicy final : public ExitPolicy {
 public:
  using Score = std::function<double(const Trace&, size_t row, int head)>;
  PerHeadThresholdPolicy(std::vector<double> thresholds, Score score, bool exit_at_or_above)
      : thresholds_(std::move(thresholds)), score_(std::move(score)), exit_at_or_above_(exit_at_or_above) {}
  Decision decide(const Trace& trace, size_t row, const HeadInfo& head) const override {
    const double score = score_(trace, row, head.index);
    const bool exits = exit_at_or_above_ ? score >= thresholds_[head.index] : score < thresholds_[head.index];
    return exits ? Decision::exit : Decision::next;
  }

 private:
  std::vector<double> thresholds_;
  Score score_;
  bool exit_at_or_above_;
};

// spec.threshold, or an error naming the policy.
double single_threshold(const PolicySpec& spec);
// The key (relative to the policy section) that gave exit head h its threshold: "thresholds.<head>" when the
// scenario names that head, else "threshold".
std::string threshold_key(const PolicySpec& spec, const ModelProfile& profile, size_t head);
// The largest softmax entropy a head of `profile` can have: ln(classes), in nats.
double max_entropy_nats(const ModelProfile& profile);
// "an entropy threshold must be in [0, ln(10) = 2.302585] nats (...)": the range of entropy thresholds.
std::string entropy_threshold_range_text(const ModelProfile& profile);

#define HYBRIDFOG_CONCAT_INNER(a, b) a##b
#define HYBRIDFOG_CONCAT(a, b) HYBRIDFOG_CONCAT_INNER(a, b)
#define HYBRIDFOG_REGISTER_POLICY(...) \
  static const bool HYBRIDFOG_CONCAT(policy_registered_, __LINE__) = ::hybridfog::PolicyRegistry::add(__VA_ARGS__)

}  // namespace hybridfog
