// The learning environment's simulation side (python/hybridfog/env.py, docs/python.md "Learning a policy").
//
// One episode is one run, simulated in a forked child process (SimGrid allows one engine per process). The
// child stops at every pending decision: it writes the decision's observation to the parent and waits for the
// action; between decisions it simulates. It also writes every finished sample's outcome (its samples.csv
// record), so that the parent can reward the decisions that sample went through, and at the end the run's
// report. Nothing in the child calls Python: the decision makers here are C++ objects that talk over pipes.
//
// Messages, child -> parent: a type byte, a uint32 payload length, the payload (native byte order):
//   'H' hosts (orchestration only): the hosts' names, '\n'-separated, hosts.csv's order, before the first decision
//   'D' decision: uint64 sample id, uint32 n, n float64 observation values, uint32 k, k int32 candidate hosts
//   'S' sample finished: uint64 sample id, float64 x kOutcomeFields (kOutcomeFields' order)
//   'E' end: the report as JSON ({"summary": ...}, {"input_error": ...} or {"error": ...})
// parent -> child: int32 action (exit decision: 0 exit, 1 next; orchestration: the candidate's index).
#include "env_bridge.hpp"

#include <pybind11/stl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <spdlog/spdlog.h>
#include <stdexcept>

#include "core/input_error.hpp"
#include "engine/run_scenario.hpp"
#include "policy/policy_context.hpp"
#include "scenario/scenario_spec.hpp"

namespace py = pybind11;

namespace hybridfog {
namespace {

// Per candidate slot of an orchestration observation.
constexpr std::array<const char*, 5> kCandidateFields = {"assigned_per_core", "route_s", "stage_s", "cores", "site"};
// Before the slots.
constexpr std::array<const char*, 6> kChoiceFields = {"candidates", "tier", "site", "stage", "bytes", "now_s"};

class Pipe {
 public:
  Pipe(int to_parent, int from_parent) : out_(to_parent), in_(from_parent) {}
  void send(char type, const std::string& payload) const {
    std::string message(1, type);
    const auto n = static_cast<std::uint32_t>(payload.size());
    message.append(reinterpret_cast<const char*>(&n), sizeof n);
    message += payload;
    size_t done = 0;
    while (done < message.size()) {
      const ssize_t w = ::write(out_, message.data() + done, message.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) ::_exit(3);  // the parent is gone: nothing to report to
      done += static_cast<size_t>(w);
    }
  }
  std::int32_t action() const {
    std::int32_t value = 0;
    size_t done = 0;
    auto* bytes = reinterpret_cast<char*>(&value);
    while (done < sizeof value) {
      const ssize_t r = ::read(in_, bytes + done, sizeof value - done);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) ::_exit(3);  // the parent closed the episode (reset, close): end quietly
      done += static_cast<size_t>(r);
    }
    return value;
  }
  template <typename T>
  static void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void decision(std::uint64_t sample, const std::vector<double>& observation, const std::vector<std::int32_t>& hosts) const {
    std::string payload;
    put(payload, sample);
    put(payload, static_cast<std::uint32_t>(observation.size()));
    for (double v : observation) put(payload, v);
    put(payload, static_cast<std::uint32_t>(hosts.size()));
    for (std::int32_t h : hosts) put(payload, h);
    send('D', payload);
  }

 private:
  int out_, in_;
};

// The extra trace columns of the exit heads (the union over heads, sorted): one observation slot each.
std::vector<std::string> extra_columns(const ScenarioSpec& spec) {
  std::set<std::string> names;
  for (size_t h = 0; h + 1 < spec.profile.heads.size(); ++h)
    for (const auto& [extra, values] : spec.trace.head(spec.profile.heads[h].name)->extras) names.insert(extra);
  return {names.begin(), names.end()};
}

class EnvPolicy final : public ExitPolicy {
 public:
  EnvPolicy(const Pipe& pipe, const ScenarioSpec& spec) : pipe_(pipe), extras_(extra_columns(spec)) {
    for (const auto& head : spec.profile.heads) {
      const HeadColumns* columns = spec.trace.head(head.name);
      std::vector<const Eigen::VectorXd*> slots(extras_.size(), nullptr);
      for (size_t k = 0; k < extras_.size(); ++k) {
        const auto it = columns->extras.find(extras_[k]);
        if (it != columns->extras.end()) slots[k] = &it->second;
      }
      heads_.push_back({columns, std::move(slots)});
    }
  }
  Decision decide(const Trace&, size_t, const HeadInfo&) const override {
    throw std::logic_error("the learning environment's policy decides in context only");
  }
  bool decides_offline() const override { return false; }
  ContextNeeds context_needs() const override {
    ContextNeeds needs;
    needs.context = true;
    return needs;
  }
  Decision decide_in_context(const Trace&, size_t row, const HeadInfo& head, const PolicyContext& context,
                             PolicyState*) const override {
    const Head& h = heads_[static_cast<size_t>(head.index)];
    const auto r = static_cast<Eigen::Index>(row);
    std::vector<double> observation = {static_cast<double>(head.index), static_cast<double>(h.columns->pred[r]),
                                       h.columns->confidence[r], h.columns->entropy_nats[r]};
    for (const Eigen::VectorXd* extra : h.extras)
      observation.push_back(extra ? (*extra)[r] : std::numeric_limits<double>::quiet_NaN());
    for (double v : policy_context_values(context)) observation.push_back(v);
    pipe_.decision(head.sample_id.value_or(0), observation, {});
    const std::int32_t action = pipe_.action();
    if (action == 0) return Decision::exit;
    if (action == 1) return Decision::next;
    throw std::runtime_error("learning environment: action " + std::to_string(action) + " is not 0 (exit) or 1 (next)");
  }

 private:
  struct Head {
    const HeadColumns* columns;
    std::vector<const Eigen::VectorXd*> extras;
  };
  const Pipe& pipe_;
  std::vector<std::string> extras_;
  std::vector<Head> heads_;
};

class EnvRule final : public CustomOrchestrationRule {
 public:
  EnvRule(const Pipe& pipe, size_t slots) : pipe_(pipe), slots_(slots) {}
  void start(const std::vector<OrchestrationHost>& hosts) override {
    hosts_ = hosts;
    std::string names;
    for (const auto& h : hosts) names += h.name + "\n";
    pipe_.send('H', names);
  }
  size_t choose(const OrchestrationQuery& q, const std::vector<OrchestrationCandidate>& candidates) override {
    std::vector<double> observation = {static_cast<double>(candidates.size()), static_cast<double>(q.tier),
                                       static_cast<double>(q.site), static_cast<double>(q.stage), q.bytes, q.now_s};
    std::vector<std::int32_t> hosts;
    for (size_t k = 0; k < slots_; ++k) {
      if (k < candidates.size()) {
        const OrchestrationCandidate& c = candidates[k];
        const OrchestrationHost& h = hosts_[static_cast<size_t>(c.host)];
        observation.insert(observation.end(), {c.assigned_per_core, c.route_s, c.stage_s, static_cast<double>(h.cores),
                                               static_cast<double>(h.site)});
        hosts.push_back(c.host);
      } else {
        observation.insert(observation.end(), kCandidateFields.size(), 0.0);
      }
    }
    pipe_.decision(q.sample_id, observation, hosts);
    const std::int32_t action = pipe_.action();
    if (action < 0 || static_cast<size_t>(action) >= std::min(candidates.size(), slots_))
      throw std::runtime_error("learning environment: action " + std::to_string(action) + " is not a candidate");
    return static_cast<size_t>(action);
  }

 private:
  const Pipe& pipe_;
  size_t slots_;
  std::vector<OrchestrationHost> hosts_;
};

// The most candidates one choice can have: hosts per site of a site tier (all sites' with candidates:
// all-sites), or of a central tier.
size_t candidate_slots(const ScenarioSpec& spec, bool all_sites) {
  size_t most = 1;
  for (const TierSpec& tier : spec.platform.tiers) {
    if (tier.scope == TierScope::device) continue;
    size_t n = 0;
    for (const HostClassSpec& c : tier.classes) n += static_cast<size_t>(c.count);
    if (tier.scope == TierScope::site && all_sites) n *= static_cast<size_t>(spec.platform.sites);
    most = std::max(most, n);
  }
  return most;
}

constexpr std::array<const char*, 10> kOutcomeFields = {"correct", "latency_s", "late", "deadline_s", "energy_j",
                                                        "outcome", "exit_head", "fallback", "bytes_sent", "device"};

[[noreturn]] void child_episode(ScenarioSpec spec, const RunRequest& base, const std::string& decision, bool all_sites,
                                int to_parent, int from_parent) {
  ::signal(SIGINT, SIG_DFL);  // the parent's Ctrl-C (KeyboardInterrupt) ends the episode too
  const Pipe pipe(to_parent, from_parent);
  int status = 0;
  const nlohmann::json report = child_report([&] {
    spdlog::set_level(spdlog::level::warn);
    if (decision == "exit") {
      spec.exit_policy = std::make_shared<EnvPolicy>(pipe, spec);
    } else {
      const auto rule = std::make_shared<EnvRule>(pipe, candidate_slots(spec, all_sites));
      for (size_t t = 0; t < spec.platform.tiers.size(); ++t) {
        if (spec.platform.tiers[t].scope == TierScope::device) continue;
        TierOrchestration& o = spec.orchestration.tiers[t];
        o = TierOrchestration{};
        o.rule = OrchestrationRule::custom;
        o.custom = rule;
        o.custom_name = "env";
        o.all_sites = all_sites && spec.platform.tiers[t].scope == TierScope::site;
      }
    }
    RunRequest request = base;
    request.simulation.on_sample = [&pipe](const SampleRecord& r) {
      std::string payload;
      Pipe::put(payload, r.id);
      const double late = r.deadline_s > 0 ? (r.late ? 1.0 : 0.0) : std::numeric_limits<double>::quiet_NaN();
      const std::array<double, kOutcomeFields.size()> values = {
          r.correct ? 1.0 : 0.0, r.finish_s - r.arrival_s, late, r.deadline_s > 0 ? r.deadline_s : std::numeric_limits<double>::quiet_NaN(),
          r.energy_j, static_cast<double>(static_cast<int>(r.outcome)), static_cast<double>(r.exit_head),
          r.fallback ? 1.0 : 0.0, r.bytes_sent, static_cast<double>(r.device)};
      for (double v : values) Pipe::put(payload, v);
      pipe.send('S', payload);
    };
    return run_scenario(spec, request);
  }, status);
  pipe.send('E', report.dump());
  ::close(to_parent);
  ::_exit(status);
}

}  // namespace

nlohmann::json child_report(const std::function<nlohmann::json()>& run, int& status) {
  nlohmann::json report;
  status = 0;
  try {
    report["summary"] = run();
  } catch (const InputError& e) {
    report["input_error"] = {{"message", e.what()}, {"file", e.where().file}, {"line", e.where().line},
                             {"column", e.where().column}, {"key_path", e.key_path()}, {"detail", e.detail()}};
    status = 2;
  } catch (const std::exception& e) {
    report["error"] = e.what();
    status = 1;
  }
  return report;
}

py::dict env_layout(const ScenarioSpec& spec, const std::string& decision, bool all_sites) {
  // The exit decisions of one application's policy (docs/python.md, "Learning a policy"): a scenario of several
  // applications has one policy per application, which the environment does not choose between in this version.
  if (decision == "exit" && !spec.applications.empty())
    throw InputError(SourceLocation{spec.file, 0, 0}, "applications",
                     "the exit environment learns the policy of a scenario of one application (model, policy, workload); "
                     "this scenario lists applications (decision=\"orchestration\" takes it)");
  py::dict layout;
  py::list names;
  if (decision == "exit") {
    for (const char* field : {"head", "pred", "confidence", "entropy_nats"}) names.append(field);
    for (const auto& extra : extra_columns(spec)) names.append(extra);
    for (const char* field : kPolicyContextFields) names.append(field);
    py::list heads;
    for (const auto& head : spec.profile.heads) heads.append(head.name);
    layout["heads"] = heads;
    layout["actions"] = 2;
  } else {
    const size_t slots = candidate_slots(spec, all_sites);
    for (const char* field : kChoiceFields) names.append(field);
    for (size_t k = 0; k < slots; ++k)
      for (const char* field : kCandidateFields) names.append(std::string(field) + "[" + std::to_string(k) + "]");
    py::list tiers;
    for (const auto& tier : spec.platform.tiers) tiers.append(tier.name);
    layout["tiers"] = tiers;
    layout["actions"] = slots;
  }
  layout["observation_names"] = names;
  py::list outcome;
  for (const char* field : kOutcomeFields) outcome.append(field);
  layout["outcome_fields"] = outcome;
  return layout;
}

int start_episode(const ScenarioSpec& spec, const RunRequest& request, const std::string& decision, bool all_sites,
                  int to_parent, int from_parent, const std::vector<int>& parent_ends) {
  if (decision != "exit" && decision != "orchestration")
    throw std::invalid_argument("decision must be \"exit\" or \"orchestration\", got \"" + decision + "\"");
  std::fflush(nullptr);
  PyOS_BeforeFork();
  const pid_t pid = ::fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    for (int fd : parent_ends) ::close(fd);
    child_episode(spec, request, decision, all_sites, to_parent, from_parent);
  }
  PyOS_AfterFork_Parent();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  return static_cast<int>(pid);
}

}  // namespace hybridfog
