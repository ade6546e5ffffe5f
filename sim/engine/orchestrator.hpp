#pragma once
// Orchestrator: which host of a server tier takes a sample, for tiers whose rule is not least-loaded
// (docs/orchestration.md). Built by Compute only when the scenario names such a rule, so that the default
// path pays one pointer test per dispatch. It reads what the deciding host may know: the servers' load as
// the dispatcher counts it (Compute's outstanding samples, the rule least-loaded reads too), whether a server
// is down, the queues servers advertise every period (shortest-expected-finish), and the platform's nominal
// link figures; never a queue or a rate as it is at this instant elsewhere.
#include <cstdint>
#include <vector>

#include "core/random.hpp"
#include "engine/ids.hpp"
#include "policy/estimators.hpp"
#include "scenario/orchestration_spec.hpp"

namespace hybridfog {

struct BuiltPlatform;
struct ScenarioSpec;
struct StagePlan;
class Compute;

class Orchestrator {
 public:
  Orchestrator(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan, const Compute& compute);

  // The host of `tier` that takes a sample at `from_host` entering `stage` with `bytes` to carry, the sample's
  // device being at `site`; an invalid id when no candidate is up. `commit`: the choice is final (a
  // round-robin cursor moves on, a random draw is consumed); otherwise a preview (an adaptive policy's
  // context), which changes nothing.
  // `sample_id`: the sample's samples.csv id (what a custom rule is told).
  HostId choose(int tier, int site, int from_host, int stage, double bytes, bool commit, std::uint64_t sample_id);
  // Advertised queues (shortest-expected-finish): the queue of `host` changes at `now_s` to `value`.
  bool keeps_queues() const { return !queues_.empty(); }
  // Sample `id` runs a stage on `host`; the host of each tier it ran on (-1: none), until forget(id); the
  // samples each host took (a sample counted once per tier visit, however many stages it runs there).
  void ran(SampleId id, int host);
  int host_of(SampleId id, int tier) const;
  void forget(SampleId id);
  std::uint64_t taken(HostId host) const { return taken_[host.value()]; }
  void queue_changes(int host, double now_s, int value) {
    queues_[host].changing(now_s);
    queues_[host].set(value);
  }

 private:
  HostId least_loaded(const std::vector<int>& candidates, double bound) const;
  HostId round_robin(int tier, int site, bool commit);
  HostId random(int tier, int site, bool commit);
  HostId shortest_expected_finish(int tier, int site, int from_host, int stage, double bytes) const;
  HostId nearest_available(int tier, int site, int from_host, double bytes) const;
  // A rule written outside the engine (`python`): the up hosts of the sample's site (or of every site, own
  // site first), with what the deciding host may know of each; the rule picks one. A preview (an adaptive
  // policy's context) does not ask the rule: it reads the least-loaded host of the site.
  HostId custom(int tier, int site, int from_host, int stage, double bytes, bool commit, std::uint64_t sample_id);
  // Nominal seconds to carry `bytes` from `from` to `to`: the route's latencies plus bytes over its narrowest
  // bandwidth, from the platform's figures.
  double route_s(int from, int to, double bytes) const;
  double load(int host) const;

  const ScenarioSpec& spec_;
  const BuiltPlatform& platform_;
  const StagePlan& plan_;
  const Compute& compute_;
  std::vector<std::vector<int>> cursor_;  // [tier][site]: round-robin's next candidate
  Rng rng_;                               // random: one stream of the scenario seed
  std::vector<AdvertisedValue> queues_;   // per host; empty unless a tier uses shortest-expected-finish
  std::vector<std::vector<int>> ran_on_;  // [sample slot][tier]: the host it ran that tier's stages on
  std::vector<std::uint64_t> taken_;      // per host
  std::vector<OrchestrationCandidate> candidates_;  // custom: reused for every choice
};

}  // namespace hybridfog
