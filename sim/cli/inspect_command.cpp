// hybridfog inspect FILE [--json] [--profile PROFILE]: a summary of a platform, model profile, trace or scenario,
// as text or as JSON (docs/formats.md, "hybridfog inspect --json"); --profile cross-checks a trace.
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/summary_printer.hpp"
#include "core/input_error.hpp"
#include "core/yaml_node.hpp"
#include "model/model_profile.hpp"
#include "platform/platform_spec.hpp"
#include "scenario/cross_checks.hpp"
#include "scenario/scenario_spec.hpp"
#include "trace/trace.hpp"

namespace hybridfog::cli {
namespace {

// "bandwidth (2 steps, period 60 s), availability (2 steps from file.csv)" for the profiles that are given.
std::string profiles_text(const std::vector<std::pair<const char*, const std::optional<ValueProfile>*>>& profiles) {
  std::ostringstream out;
  for (const auto& [kind, profile] : profiles) {
    if (!*profile) continue;
    out << (out.tellp() > 0 ? ", " : "") << kind << " (" << (*profile)->steps.size() << " steps";
    if ((*profile)->period_s) out << ", period " << *(*profile)->period_s << " s";
    if (!(*profile)->file.empty()) out << " from " << (*profile)->file;
    out << ")";
  }
  return out.str();
}

void inspect_platform(const PlatformSpec& p) {
  std::cout << "platform " << p.name << ": " << p.sites << " site(s), " << p.device_count() << " device(s)\n";
  // Prices (docs/formats.md, "Prices"): shown only when the platform gives some.
  const std::string& currency = p.currency;
  if (p.has_prices())
    std::cout << "  prices in " << currency << "; energy " << p.price_per_kwh.value_or(0) << " " << currency << "/kWh\n";
  for (const auto& tier : p.tiers) {
    std::cout << "  tier " << tier.name << " (" << tier_scope_name(tier.scope) << ")\n";
    for (const auto& c : tier.classes) {
      std::cout << "    class " << c.name << ": count " << c.count << ", " << c.cores << " core(s), throughput per core";
      for (Precision pr : kAllPrecisions)
        if (c.throughput_mac_per_s[static_cast<int>(pr)])
          std::cout << " " << precision_name(pr) << "=" << *c.throughput_mac_per_s[static_cast<int>(pr)] / 1e9 << "GMAC/s";
      std::cout << ", power per core idle " << c.idle_power_per_core_w << " W busy " << c.busy_power_per_core_w << " W\n";
      if (const auto& price = c.price) {
        std::cout << "      price: " << price->per_hour << " " << currency << "/h per host, " << price->per_busy_core_hour << " "
                  << currency << "/busy core-hour";
        if (price->per_kwh) std::cout << ", energy " << *price->per_kwh << " " << currency << "/kWh";
        std::cout << "\n";
      }
      if (c.profiles.any())
        std::cout << "      profiles: " << profiles_text({{"speed", &c.profiles.speed}, {"availability", &c.profiles.availability}})
                  << "\n";
    }
  }
  const auto link = [&currency](const char* name, const std::optional<LinkSpec>& l) {
    if (!l) return;
    std::cout << "  link " << name << ": " << l->bandwidth_bytes_per_s * 8 / 1e6 << " Mbps, " << l->latency_s * 1e3 << " ms, "
              << (l->sharing == LinkSharing::shared ? "shared" : "fatpipe");
    if (l->price_per_gb) std::cout << ", " << *l->price_per_gb << " " << currency << "/GB";
    std::cout << "\n";
    if (l->profiles.any())
      std::cout << "    profiles: "
                << profiles_text({{"bandwidth", &l->profiles.bandwidth}, {"latency", &l->profiles.latency},
                                  {"availability", &l->profiles.availability}})
                << "\n";
  };
  if (p.access && p.access->wifi) {
    std::cout << "  link access (WiFi, one medium per site): rate levels";
    for (const auto& level : p.access->wifi->rates)
      std::cout << " " << level.bandwidth_bytes_per_s * 8 / 1e6 << " Mbps up to " << level.up_to_m << " m;";
    std::cout << " access points";
    for (size_t s = 0; s < p.access->wifi->sites.size(); ++s) {
      const auto& site = p.access->wifi->sites[s];
      std::cout << " site" << s << " (" << site.x_m << " m, " << site.y_m << " m) radius " << site.coverage_radius_m << " m"
                << (s + 1 < p.access->wifi->sites.size() ? "," : "\n");
    }
  }
  if (p.mixed_access()) {
    std::cout << "  device classes with a WiFi access:";
    for (const auto& c : p.tiers.front().classes)
      if (c.access == HostClassSpec::Access::wifi) std::cout << " " << c.name;
    std::cout << "\n";
  }
  if (!p.access || p.access->wired) link(p.mixed_access() ? "access (per wired device)" : "access (per device)", p.access);
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

nlohmann::json platform_json(const PlatformSpec& p) {
  nlohmann::json tiers = nlohmann::json::array();
  for (const auto& tier : p.tiers) {
    nlohmann::json classes = nlohmann::json::array();
    for (const auto& c : tier.classes) classes.push_back({{"name", c.name}, {"count", c.count}, {"cores", c.cores}});
    tiers.push_back({{"name", tier.name}, {"scope", tier_scope_name(tier.scope)}, {"classes", classes}});
  }
  nlohmann::json links = nlohmann::json::array();
  for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
    if (p.link(c)) links.push_back(c == LinkClass::access ? "access" : c == LinkClass::uplink ? "uplink" : "ingress");
  return {{"kind", "platform"}, {"file", p.file}, {"name", p.name}, {"sites", p.sites},
          {"devices", p.device_count()}, {"tiers", tiers}, {"links", links}};
}

nlohmann::json profile_json(const ModelProfile& m) {
  double macs = 0;
  for (const auto& l : m.layers) macs += l.macs;
  nlohmann::json heads = nlohmann::json::array(), cut_points = nlohmann::json::array(), partition = nlohmann::json::array();
  for (const auto& h : m.heads) heads.push_back({{"name", h.name}, {"after", m.layers[h.after].name}});
  for (int c : m.cut_points) cut_points.push_back(m.layers[c].name);
  for (const auto& s : m.partition) partition.push_back({{"tier", s.tier}, {"until", m.layers[s.last_layer].name}});
  return {{"kind", "profile"}, {"file", m.file}, {"name", m.name}, {"classes", m.classes},
          {"layers", m.layers.size()}, {"layer_macs", macs}, {"input_bytes", m.input_bytes}, {"heads", heads},
          {"partition", partition}, {"cut_points", cut_points}};
}

nlohmann::json trace_json(const Trace& t) {
  bool sample_is_row = true;
  for (size_t r = 0; r < t.rows(); ++r) sample_is_row = sample_is_row && t.sample[r] == static_cast<int>(r);
  nlohmann::json heads = nlohmann::json::array();
  for (const auto& h : t.heads) {
    double correct = 0;
    for (size_t r = 0; r < t.rows(); ++r) correct += h.pred[r] == t.label[r];
    nlohmann::json extras = nlohmann::json::object();
    for (const auto& [name, values] : h.extras) extras[name] = {{"min", values.minCoeff()}, {"max", values.maxCoeff()}};
    heads.push_back({{"name", h.name},
                     {"accuracy", correct / static_cast<double>(t.rows())},
                     {"confidence", {{"min", h.confidence.minCoeff()}, {"max", h.confidence.maxCoeff()}}},
                     {"entropy_nats", {{"min", h.entropy_nats.minCoeff()}, {"max", h.entropy_nats.maxCoeff()}}},
                     {"extras", extras}});
  }
  return {{"kind", "trace"}, {"file", t.file}, {"rows", t.rows()}, {"sample_is_row_index", sample_is_row},
          {"labels", {{"min", t.label.minCoeff()}, {"max", t.label.maxCoeff()}}}, {"heads", heads}};
}

class InspectCommand final : public Command {
 public:
  void setup(CLI::App& sub) override {
    sub.add_option("file", file_, "platform, profile, trace (.csv) or scenario file")->required();
    sub.add_flag("--json", json_, "print the summary as one JSON object (docs/formats.md)");
    sub.add_option("--application", application_, "scenario only: the resolved scenario of this one application");
    sub.add_option("--profile", profile_, "trace only: check the trace against this profile (heads, classes)")
        ->check(CLI::ExistingFile);
  }

  int run() override {
    const bool trace_file = std::filesystem::path(file_).extension() == ".csv";
    if (!profile_.empty() && !trace_file)
      throw InputError({file_, 0, 0}, "--profile", "--profile applies to a trace (.csv) only");
    const auto scenario_only = [this]() {
      if (!application_.empty()) throw InputError({file_, 0, 0}, "--application", "--application applies to a scenario file only");
    };
    if (trace_file) {
      scenario_only();
      Trace trace = load_trace(file_);
      if (!profile_.empty()) check_trace_against_profile(trace, load_profile(profile_));
      if (json_) std::cout << trace_json(trace).dump(2) << "\n";
      else inspect_trace(trace);
      return 0;
    }
    const YNode root = YNode::load_file(file_);
    if (root.has("tiers")) {
      scenario_only();
      const PlatformSpec platform = parse_platform(root);
      if (json_) std::cout << platform_json(platform).dump(2) << "\n";
      else inspect_platform(platform);
    } else if (root.has("layers")) {
      scenario_only();
      const ModelProfile profile = parse_profile(root);
      if (json_) std::cout << profile_json(profile).dump(2) << "\n";
      else inspect_profile(profile);
    } else if (root.has("workload") || root.has("applications")) {
      // Several applications: all of them, or the one --application names (docs/formats.md).
      const ScenarioSpec spec = load_scenario(file_);
      const nlohmann::json resolved = scenario_to_json(application_.empty() ? spec : select_application(spec, application_));
      std::cout << (json_ ? nlohmann::json{{"kind", "scenario"}, {"resolved", resolved}} : resolved).dump(2) << "\n";
    } else {
      root.fail("not a platform (tiers:), profile (layers:) or scenario (workload: or applications:) file");
    }
    return 0;
  }

 private:
  std::string file_;
  std::string profile_;
  std::string application_;
  bool json_ = false;
};

HYBRIDFOG_REGISTER_COMMAND("inspect", "summarise a platform, profile, trace or scenario file", InspectCommand);

}  // namespace
}  // namespace hybridfog::cli
