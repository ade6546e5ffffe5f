// hybridfog partition SCENARIO [options]: where to cut the network and which tier runs each part
// (docs/partition.md).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "core/input_error.hpp"
#include "core/output_folder.hpp"
#include "core/units.hpp"
#include "search/analytic_estimator.hpp"
#include "search/report.hpp"
#include "search/scission_estimator.hpp"

namespace hybridfog::cli {
namespace {

const SourceLocation kCommandLine{"<command line>", 0, 0};
// The first bytes of every ranking CSV (search/report.cpp): an existing -o file is replaced only if it
// starts with them.
const std::string kRankingSignature = "rank,objective,latency_s,";

class PartitionCommand final : public Command {
 public:
  void setup(CLI::App& sub) override {
    sub.add_option("scenario", scenario_, "scenario YAML file (platform, model, trace, policy, workload)")->required();
    sub.add_option("--set", overrides_, "override a scenario value: key.path=value (repeatable)");
    sub.add_option("--application", application_, "a scenario with several applications: the one to partition");
    sub.add_option("--seed", seed_, "override the scenario's seed (for --verify), in [0, 2^62]")->check(seed_range());
    sub.add_option("--objective", objective_, "latency | device-energy | total-energy | wan-bytes | cost | weighted")
        ->capture_default_str();
    sub.add_option("--weight", weights_, "with --objective weighted: METRIC=W, e.g. latency=1 (repeatable)");
    sub.add_option("-q,--query", queries_,
                   "TIER=ITEMS, Scission-style: N|LAYER must run here, !N|!LAYER must not, -1 unused, !-1 used, "
                   "CLASS use one of these, !CLASS not this one (repeatable)");
    sub.add_option("--max-upload", max_uploads_, "TIER=SIZE: at most SIZE sent out of TIER per hop, e.g. device=200kB");
    sub.add_option("--max-time", max_times_, "TIER=TIME or TIER=P%: compute time on TIER at most TIME or P % of the total");
    sub.add_flag("--scission-compat", scission_compat_,
                 "reproduce Scission's predictor exactly (implies --model scission): a tier whose later tiers' recorded "
                 "times are all 0.0 s sends 0 bytes, and !CLASS queries demand the tier be used (docs/partition.md)");
    model_option_ = sub.add_option("--model", model_, "cost model: hybridfog (profile or benchmark times, platform links, early exits) | "
                                      "scission (benchmark + network CSV, Scission's formula)")
        ->capture_default_str();
    sub.add_option("--benchmark", benchmark_file_, "measured per-block times CSV (docs/partition.md)");
    sub.add_option("--benchmark-model", benchmark_model_, "model name in the benchmark CSV (Default: the profile's name)");
    sub.add_option("--network", network_file_, "network CSV: source,destination,ping_ms,bandwidth_mbps (--model scission)");
    sub.add_option("--input-size", input_size_, "--model scission: raw input sent when the device runs nothing")
        ->capture_default_str();
    sub.add_option("--top", top_, "configurations to print and write (0: all)")->capture_default_str();
    sub.add_option("-o,--output", output_, "write the ranking as CSV to this file");
    sub.add_option("--verify", verify_, "re-run the top K through the full simulation and compare the rankings");
    sub.add_option("-j,--jobs", jobs_, "--verify simulations at once (Default: 1)")->check(count_range(1000));
    sub.add_option("--verify-dir", verify_dir_, "keep the --verify runs in this folder (Default: a temporary folder, removed)");
  }

  int run() override {
    // Where the command writes is checked before any work (core/output_folder.hpp, docs/outputs.md).
    if (!output_.empty()) check_output_file(output_, "-o", kRankingSignature, "an earlier partition ranking CSV");
    if (!verify_dir_.empty()) {
      if (verify_ <= 0) throw InputError(kCommandLine, "--verify-dir", "keeps the runs of --verify K: give --verify too");
      verify_folder_ = std::make_unique<StagedFolder>(verify_dir_, OutputKind::partition_verify, "--verify-dir");
    }
    const ScenarioSpec loaded = load_scenario(scenario_, overrides_, seed_);
    // Several applications (docs/partition.md): one of them, by name; its search sees it alone on the platform.
    const ScenarioSpec spec = select_application(loaded, application_);
    if (!loaded.applications.empty() && verify_ > 0)
      throw InputError(kCommandLine, "--verify",
                       "simulates the scenario with each configuration as its model.partition; a scenario with "
                       "`applications:` is not verified in this version (run the best partitions with "
                       "--set applications[k].model.partition=...)");
    if (!spec.exit_policy->decides_offline())
      throw InputError(kCommandLine, "scenario",
                       "the partition search replays the policy on every trace row outside a run; policy " +
                           spec.policy.name + " cannot be (its decisions may depend on its own state): search with "
                           "the built-in rule it implements, then run the best partitions with it");
    if (scission_compat_) {
      if (model_option_->count() > 0 && model_ != "scission")
        throw InputError(kCommandLine, "--scission-compat", "reproduces Scission's predictor: it needs --model scission");
      model_ = "scission";
    }
    search::Objective objective = search::parse_objective(objective_, weights_);
    objective.currency = spec.platform.currency;
    if (objective.uses(search::Metric::cost) && !spec.platform.has_prices())
      throw InputError(kCommandLine, objective.weighted ? "--weight" : "--objective cost",
                       "the platform declares no price (docs/formats.md, \"Prices\"): every configuration would cost 0");
    std::unique_ptr<search::Estimator> estimator = make_estimator(spec, objective);
    search::ConstraintSet constraints = search::parse_constraints(estimator->space(), queries_, max_uploads_, max_times_);
    if (scission_compat_) {
      // Scission's excluding filter (`!CLASS`) also demands that the tier runs something.
      const size_t parsed = constraints.items.size();
      for (size_t i = 0; i < parsed; ++i)
        if (constraints.items[i].kind == search::ConstraintKind::class_not_in) {
          search::Constraint used;
          used.kind = search::ConstraintKind::tier_used;
          used.tier = constraints.items[i].tier;
          used.text = constraints.items[i].text + " (--scission-compat: the tier must be used)";
          constraints.items.push_back(used);
        }
    }
    if (verify_ < 0) throw InputError(kCommandLine, "--verify", "must be >= 0");
    if (top_ < 0) throw InputError(kCommandLine, "--top", "must be >= 0 (0: all), got " + std::to_string(top_));
    if (verify_ > 0 && model_ == "scission")
      throw InputError(kCommandLine, "--verify",
                       "the simulation cannot replay measured benchmark times: --verify needs --model hybridfog");
    const size_t keep = top_ == 0 ? 0 : static_cast<size_t>(std::max(top_, verify_));
    const search::SearchResult result = search::run_search(*estimator, constraints, objective, keep);

    std::cout << "partition search: " << spec.profile.name << ", " << estimator->space().block_count() << " blocks, tiers";
    for (const auto& t : estimator->space().tier_names) std::cout << " " << t;
    std::cout << "; model " << estimator->name() << ", objective " << objective.describe() << "\n";
    if (estimator->name() == "hybridfog")
      std::cout << "cost model: one sample alone; counted: the pstate in force, batch max_wait, the device radio above "
                   "idle; energy as `run` counts it (computation in the "
                << compute_energy_view_name(spec.outputs.compute_energy_view)
                << " view + radio + network); ignored: contention, queues, batches filled by other samples, tails cut "
                   "by other samples' transfers (docs/partition.md)\n";
    if (objective.uses(search::Metric::cost))
      std::cout << "cost: what one sample causes, in " << spec.platform.currency
                << ", as `run` counts caused_per_sample (busy core-hours, caused energy and bytes carried, priced); "
                   "provisioned cost (per_hour, idle energy) is the same for every configuration and is not ranked\n";
    std::printf("%lld configurations, %lld cannot run, %lld outside the constraints, %lld ranked; scored in %.3g s "
                "(%.0f configurations/s)\n",
                result.enumerated, result.removed[0],
                result.enumerated - result.removed[0] - result.satisfying, result.satisfying, result.scoring_wall_s,
                result.scoring_wall_s > 0 ? static_cast<double>(result.enumerated) / result.scoring_wall_s : 0.0);
    for (const auto& [why, count] : result.cannot_run) std::printf("cannot run: %s (%lld)\n", why.c_str(), count);
    std::printf("\n");
    std::fflush(stdout);
    search::SearchResult shown = result;
    if (top_ > 0 && shown.ranked.size() > static_cast<size_t>(top_)) shown.ranked.resize(static_cast<size_t>(top_));
    search::print_ranking(std::cout, *estimator, shown, objective);

    std::vector<search::SimulatedFigures> verified;
    if (verify_ > 0) {
      std::vector<search::Ranked> top(result.ranked.begin(),
                                      result.ranked.begin() + std::min<size_t>(static_cast<size_t>(verify_), result.ranked.size()));
      verified = verify(spec, *estimator, top, objective);
      std::cout << "\nverification: the top " << top.size() << " re-run through the simulation (one `hybridfog run` each, "
                << "the scenario's workload: contention, queueing, answers sent back)\n";
      const int disagreements = search::print_verification(std::cout, *estimator, top, objective, verified);
      std::cout << (disagreements == 0 ? "the analytic and simulated rankings agree\n"
                                       : "* the simulated rank differs from the analytic rank (" +
                                             std::to_string(disagreements) + " of " + std::to_string(top.size()) + ")\n");
    }
    if (!output_.empty()) {
      check_output_file(output_, "-o", kRankingSignature, "an earlier partition ranking CSV");  // again: it may have changed
      write_file_atomically(output_, [&](std::ostream& out) {
        search::write_ranking_csv(out, *estimator, result.ranked, objective, verified);
      });
      spdlog::info("ranking written to {}", output_);
    }
    return 0;
  }

 private:
  std::unique_ptr<search::Estimator> make_estimator(const ScenarioSpec& spec, const search::Objective& objective) {
    const std::string model_name = benchmark_model_.empty() ? spec.profile.name : benchmark_model_;
    if (model_ == "hybridfog") {
      if (!network_file_.empty())
        throw InputError(kCommandLine, "--network",
                         "--model hybridfog takes the network from the platform's links; a network CSV needs --model scission");
      if (benchmark_file_.empty()) return std::make_unique<search::AnalyticEstimator>(spec);
      benchmark_ = search::load_benchmark_csv(benchmark_file_, model_name, spec.profile);
      return std::make_unique<search::AnalyticEstimator>(spec, &benchmark_);
    }
    if (model_ != "scission")
      throw InputError(kCommandLine, "--model " + model_, "expected hybridfog or scission");
    if (benchmark_file_.empty()) throw InputError(kCommandLine, "--benchmark", "--model scission needs --benchmark CSV");
    if (network_file_.empty()) throw InputError(kCommandLine, "--network", "--model scission needs --network CSV");
    const bool energy = objective.weighted ? (objective.weights[1] != 0 || objective.weights[2] != 0)
                                           : (objective.metric == search::Metric::device_energy ||
                                              objective.metric == search::Metric::total_energy);
    if (energy)
      throw InputError(kCommandLine, "--objective",
                       "--model scission has no energy figures (measured times only): rank by latency or wan-bytes");
    if (objective.uses(search::Metric::cost))
      throw InputError(kCommandLine, "--objective",
                       "--model scission has no energy figures, so no cost (measured times only): rank by latency or wan-bytes");
    const auto input_bytes = parse_quantity(input_size_, QuantityKind::data_size);
    if (!input_bytes || *input_bytes <= 0)
      throw InputError(kCommandLine, "--input-size", "expected a data size > 0 such as 0.15MB, got \"" + input_size_ + "\"");
    benchmark_ = search::load_benchmark_csv(benchmark_file_, model_name, spec.profile);
    network_ = search::load_network_csv(network_file_);
    return std::make_unique<search::ScissionEstimator>(spec, benchmark_, network_, *input_bytes, scission_compat_);
  }

  std::vector<search::SimulatedFigures> verify(const ScenarioSpec& spec, const search::Estimator& estimator,
                                               const std::vector<search::Ranked>& top, const search::Objective& objective) {
    namespace fs = std::filesystem;
    search::VerifyOptions options;
    options.executable = fs::read_symlink("/proc/self/exe").string();
    options.scenario_file = scenario_;
    options.overrides = overrides_;
    options.seed = seed_;
    options.jobs = jobs_;
    const bool temporary = verify_dir_.empty();
    if (temporary) {
      std::string pattern = (fs::temp_directory_path() / "hybridfog-partition-XXXXXX").string();
      if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder for --verify");
      options.work_dir = pattern;
    } else {
      options.work_dir = verify_folder_->staging();  // moved to --verify-dir when every run is done
    }
    spdlog::info("verifying the top {} configurations by simulation in {}", top.size(),
                 temporary ? options.work_dir : verify_folder_->target());
    auto figures = search::verify_by_simulation(spec, estimator.space(), top, objective, options);
    if (temporary) {
      std::error_code ignored;
      fs::remove_all(options.work_dir, ignored);
    } else {
      std::ofstream description(verify_folder_->file("verify.json"), std::ios::binary);
      description << "{\"format\": \"hybridfog-partition-verify\", \"format_version\": 1}\n";
      close_checked(description, verify_folder_->file("verify.json"));
      verify_folder_->commit();
    }
    return figures;
  }

  std::string scenario_;
  std::vector<std::string> overrides_;
  std::optional<std::uint64_t> seed_;
  std::string objective_ = "latency";
  std::vector<std::string> weights_;
  std::vector<std::string> queries_, max_uploads_, max_times_;
  std::string model_ = "hybridfog";
  std::string application_;
  CLI::Option* model_option_ = nullptr;
  bool scission_compat_ = false;
  std::string benchmark_file_, benchmark_model_, network_file_;
  std::string input_size_ = "0.15MB";
  int top_ = 10;
  std::string output_;
  int verify_ = 0;
  int jobs_ = 1;
  std::string verify_dir_;
  std::unique_ptr<StagedFolder> verify_folder_;
  search::Benchmark benchmark_;
  search::NetworkTable network_;
};

HYBRIDFOG_REGISTER_COMMAND("partition", "rank where to cut the network and which tier runs each part", PartitionCommand);

}  // namespace
}  // namespace hybridfog::cli
