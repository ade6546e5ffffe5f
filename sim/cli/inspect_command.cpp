// hybridfog inspect FILE: a summary of a platform, model profile, trace or scenario.
#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/summary_printer.hpp"
#include "core/yaml_node.hpp"
#include "model/model_profile.hpp"
#include "platform/platform_spec.hpp"
#include "scenario/scenario_spec.hpp"
#include "trace/trace.hpp"

namespace hybridfog::cli {
namespace {

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
  double layer_macs = 0, head_macs = 0;
  for (const auto& l : m.layers) layer_macs += l.macs;
  for (const auto& h : m.heads) head_macs += h.macs;
  // Layers and heads apart: a profile's metadata.total_macs (the exporter's count) includes the heads.
  std::cout << "profile " << m.name << ": " << m.layers.size() << " layers, " << m.classes << " classes, input "
            << m.input_bytes << " bytes\n  MACs: " << layer_macs / 1e6 << " M in layers + " << head_macs / 1e6
            << " M in heads = " << (layer_macs + head_macs) / 1e6 << " M per sample that runs every head\n";
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

class InspectCommand final : public Command {
 public:
  void setup(CLI::App& sub) override { sub.add_option("file", file_, "platform, profile, trace (.csv) or scenario file")->required(); }

  int run() override {
    if (std::filesystem::path(file_).extension() == ".csv") {
      inspect_trace(load_trace(file_));
      return 0;
    }
    const YNode root = YNode::load_file(file_);
    if (root.has("tiers")) {
      inspect_platform(parse_platform(root));
    } else if (root.has("layers")) {
      inspect_profile(parse_profile(root));
    } else if (root.has("workload")) {
      std::cout << scenario_to_json(load_scenario(file_)).dump(2) << "\n";
    } else {
      root.fail("not a platform (tiers:), profile (layers:) or scenario (workload:) file");
    }
    return 0;
  }

 private:
  std::string file_;
};

HYBRIDFOG_REGISTER_COMMAND("inspect", "summarise a platform, profile, trace or scenario file", InspectCommand);

}  // namespace
}  // namespace hybridfog::cli
