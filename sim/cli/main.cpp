// hybridfog command line: run, validate, inspect. Parsing of arguments and printing only; the work is
// done by the library. Exit status: 0 success, 2 bad input (file:line:col: key: message), 1 other errors.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "core/input_error.hpp"
#include "core/yaml_node.hpp"
#include "engine/run_scenario.hpp"
#include "hybridfog/version.hpp"
#include "model/model_profile.hpp"
#include "platform/platform_spec.hpp"
#include "policy/exit_policy.hpp"
#include "scenario/scenario_spec.hpp"
#include "trace/trace.hpp"

using namespace hybridfog;

namespace {

constexpr int kExitBadInput = 2;

std::string fixed(double value, int digits = 4) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

void print_summary(const nlohmann::json& s, std::ostream& out) {
  out << "samples      " << s["samples"].get<std::uint64_t>() << "\n";
  out << "accuracy     " << fixed(s["accuracy"].get<double>()) << "\n";
  out << "exits       ";
  for (const auto& [head, fraction] : s["exit_fraction"].items()) out << " " << head << "=" << fixed(fraction.get<double>());
  out << "\n";
  const auto& l = s["latency_s"];
  out << "latency (ms) mean " << fixed(l["mean"].get<double>() * 1e3, 3) << "  p50 " << fixed(l["p50"].get<double>() * 1e3, 3)
      << "  p95 " << fixed(l["p95"].get<double>() * 1e3, 3) << "  p99 " << fixed(l["p99"].get<double>() * 1e3, 3)
      << "  max " << fixed(l["max"].get<double>() * 1e3, 3) << "\n";
  out << "energy (J)   total " << fixed(s["energy_j"]["total"].get<double>()) << " (host plugin, idle included);";
  for (const auto& [tier, j] : s["energy_j"]["by_tier"].items()) out << " " << tier << "=" << fixed(j.get<double>());
  out << "\n";
  out << "compute (J)  total " << fixed(s["compute_energy_j"]["total"].get<double>(), 6) << " (MACs x energy/MAC);";
  for (const auto& [tier, j] : s["compute_energy_j"]["by_tier"].items()) out << " " << tier << "=" << fixed(j.get<double>(), 6);
  out << "\n";
  out << "bytes        total " << s["bytes"]["total"].get<double>() << ";";
  for (const auto& [c, b] : s["bytes"]["by_link_class"].items()) out << " " << c << "=" << b.get<double>();
  out << "\n";
  out << "sim time     " << fixed(s["sim_time_s"].get<double>(), 3) << " s, wall time " << fixed(s["wall_time_s"].get<double>(), 3)
      << " s\n";
}

void inspect_platform(const PlatformSpec& p) {
  std::cout << "platform " << p.name << ": " << p.sites << " site(s), " << p.device_count() << " device(s)\n";
  for (const auto& tier : p.tiers) {
    std::cout << "  tier " << tier.name << " (" << tier_scope_name(tier.scope) << ")\n";
    for (const auto& c : tier.classes) {
      std::cout << "    class " << c.name << ": count " << c.count << ", " << c.cores << " core(s), throughput per core";
      for (Precision pr : kAllPrecisions)
        if (c.throughput_mac_per_s[static_cast<int>(pr)])
          std::cout << " " << precision_name(pr) << "=" << *c.throughput_mac_per_s[static_cast<int>(pr)] / 1e9 << "GMAC/s";
      std::cout << ", power per core idle " << c.idle_power_per_core_w << " W busy " << c.busy_power_per_core_w << " W\n";
    }
  }
  const auto link = [](const char* name, const std::optional<LinkSpec>& l) {
    if (!l) return;
    std::cout << "  link " << name << ": " << l->bandwidth_bytes_per_s * 8 / 1e6 << " Mbps, " << l->latency_s * 1e3 << " ms, "
              << (l->sharing == LinkSharing::shared ? "shared" : "fatpipe") << "\n";
  };
  link("access (per device)", p.access);
  link("uplink (per site)", p.uplink);
  link("ingress", p.ingress);
}

void inspect_profile(const ModelProfile& m) {
  double macs = 0;
  for (const auto& l : m.layers) macs += l.macs;
  std::cout << "profile " << m.name << ": " << m.layers.size() << " layers, " << macs / 1e6 << " MMAC, " << m.classes
            << " classes, input " << m.input_bytes << " bytes\n";
  std::cout << "  heads:";
  for (const auto& h : m.heads) std::cout << " " << h.name << "(after " << m.layers[h.after].name << ")";
  std::cout << "\n  partition:";
  for (const auto& s : m.partition) std::cout << " " << s.tier << "..." << m.layers[s.last_layer].name;
  std::cout << "\n  cut points (" << m.cut_points.size() << "):";
  for (int c : m.cut_points) std::cout << " " << m.layers[c].name << "[" << m.layers[c].output_bytes << " B]";
  std::cout << "\n  stages:\n";
  for (const auto& st : build_stages(m, m.partition)) {
    double stage_macs = 0;
    for (double v : st.macs) stage_macs += v;
    std::cout << "    " << st.tier << ": layers " << st.first_layer << ".." << st.last_layer << ", " << stage_macs / 1e6
              << " MMAC, in " << st.bytes_in << " B, head " << (st.head >= 0 ? m.heads[st.head].name : "-") << "\n";
  }
}

void inspect_trace(const Trace& t) {
  std::cout << "trace " << t.file << ": " << t.rows() << " rows\n";
  for (const auto& h : t.heads) {
    double correct = 0, entropy = 0;
    for (size_t r = 0; r < t.rows(); ++r) {
      correct += h.pred[r] == t.label[r];
      entropy += h.entropy_nats[r];
    }
    std::cout << "  head " << h.name << ": accuracy " << fixed(correct / t.rows()) << ", mean entropy "
              << fixed(entropy / t.rows()) << " nats";
    for (const auto& [name, _] : h.extras) std::cout << ", extra " << name;
    std::cout << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hybridfog: fog computing simulator for conditionally deep hybrid neural networks"};
  app.set_version_flag("--version", std::string(kVersion) + " (" + kGitRevision + ")");
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  std::string scenario_file, output_dir = "out", inspect_file;
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> seed;
  bool quiet_progress = false;
  std::vector<std::string> simgrid_cfg;

  CLI::App* run = app.add_subcommand("run", "simulate a scenario and write its outputs");
  run->add_option("scenario", scenario_file, "scenario YAML file")->required();
  run->add_option("-o,--output", output_dir, "output folder (replaced if it is an earlier hybridfog output)")
      ->capture_default_str();
  run->add_option("--set", overrides, "override a scenario value: key.path=value (repeatable)");
  run->add_option("--seed", seed, "override the scenario seed");
  run->add_flag("--no-progress", quiet_progress, "no progress lines on stderr");
  run->add_option("--simgrid-cfg", simgrid_cfg, "extra SimGrid --cfg setting, e.g. contexts/stack-size:16");

  CLI::App* validate = app.add_subcommand("validate", "parse and check a scenario and everything it uses; simulate nothing");
  validate->add_option("scenario", scenario_file, "scenario YAML file")->required();
  validate->add_option("--set", overrides, "override a scenario value: key.path=value (repeatable)");

  CLI::App* inspect = app.add_subcommand("inspect", "summarise a platform, profile, trace or scenario file");
  inspect->add_option("file", inspect_file, "file to inspect")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }

  auto logger = spdlog::stderr_color_mt("hybridfog");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("[%l] %v");
  spdlog::set_level(spdlog::level::from_str(log_level));

  try {
    if (*run) {
      ScenarioSpec spec = load_scenario(scenario_file, overrides, seed);
      RunRequest request;
      request.output_dir = output_dir;
      request.overrides = overrides;
      request.simulation.simgrid_config = simgrid_cfg;
      if (!quiet_progress)
        request.simulation.progress = [](std::uint64_t done, std::uint64_t expected, double sim_time) {
          if (expected > 0)
            std::fprintf(stderr, "progress: %llu/%llu samples (%.1f%%), simulated %.1f s\n",
                         static_cast<unsigned long long>(done), static_cast<unsigned long long>(expected),
                         100.0 * static_cast<double>(done) / static_cast<double>(expected), sim_time);
          else
            std::fprintf(stderr, "progress: %llu samples, simulated %.1f s\n", static_cast<unsigned long long>(done), sim_time);
        };
      spdlog::info("running {} ({} devices, policy {}, network model {}) into {}", spec.name,
                   spec.platform.device_count(), spec.policy.name, network_model_name(spec.network_model), output_dir);
      const nlohmann::json summary = run_scenario(spec, request);
      print_summary(summary, std::cout);
      spdlog::info("outputs written to {}", output_dir);
      return 0;
    }
    if (*validate) {
      const ScenarioSpec spec = load_scenario(scenario_file, overrides);
      std::cout << scenario_file << ": ok (" << spec.platform.device_count() << " devices, " << spec.profile.layers.size()
                << " layers, " << spec.trace.rows() << " trace rows, policy " << spec.policy.name << ", "
                << expected_samples(spec) << " samples)\n";
      return 0;
    }
    if (*inspect) {
      if (std::filesystem::path(inspect_file).extension() == ".csv") {
        inspect_trace(load_trace(inspect_file));
        return 0;
      }
      const YNode root = YNode::load_file(inspect_file);
      if (root.has("tiers")) {
        inspect_platform(parse_platform(root));
      } else if (root.has("layers")) {
        inspect_profile(parse_profile(root));
      } else if (root.has("workload")) {
        const ScenarioSpec spec = load_scenario(inspect_file);
        std::cout << scenario_to_json(spec).dump(2) << "\n";
      } else {
        root.fail("not a platform (tiers:), profile (layers:) or scenario (workload:) file");
      }
      return 0;
    }
  } catch (const InputError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
