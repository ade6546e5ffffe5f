#include "cli/summary_printer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hybridfog::cli {

std::string fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string human_bytes(double bytes) {
  static const char* const kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  int unit = 0;
  double value = bytes;
  while (std::fabs(value) >= 1000 && unit < 5) {
    value /= 1000;
    ++unit;
  }
  char buffer[64];
  if (unit == 0)
    std::snprintf(buffer, sizeof buffer, "%.0f B", value);
  else
    std::snprintf(buffer, sizeof buffer, "%.*f %s", std::fabs(value) >= 100 ? 1 : 2, value, kUnits[unit]);
  return buffer;
}

namespace {

// The summary's tiers in `order` (from the device outwards), then any other by name.
std::vector<std::string> ordered_tiers(const nlohmann::json& by_tier, std::vector<std::string> order) {
  if (order.empty()) order = {"device", "edge", "fog", "cloud"};
  std::vector<std::string> out;
  for (const auto& tier : order)
    if (by_tier.contains(tier)) out.push_back(tier);
  for (const auto& [tier, value] : by_tier.items())
    if (std::find(out.begin(), out.end(), tier) == out.end()) out.push_back(tier);
  return out;
}

// A sum of money: six significant digits, whatever its size (a run's cost may be a fraction of a cent).
std::string money(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

// The cost account (docs/outputs.md, "Cost"): only when the platform declares prices.
void print_cost(const nlohmann::json& s, std::ostream& out, const std::vector<std::string>& tiers) {
  for (const auto& [key, cost] : s.items()) {
    if (key.rfind("cost_", 0) != 0 || !cost.is_object() || !cost.contains("currency")) continue;
    out << "cost (" << cost["currency"].get<std::string>() << ")   total " << money(cost["total"].get<double>())
        << " = provisioned " << money(cost["provisioned_total"].get<double>()) << " + caused "
        << money(cost["caused_total"].get<double>()) << "\n";
    out << "  per sample " << money(cost["total_per_sample"].get<double>()) << " in all, "
        << money(cost["caused_per_sample"].get<double>()) << " caused\n";
    for (const auto& tier : ordered_tiers(cost["by_tier"], tiers)) {
      const auto& c = cost["by_tier"][tier];
      out << "  " << tier << std::string(tier.size() < 9 ? 9 - tier.size() : 1, ' ') << "provisioned "
          << money(c["provisioned"].get<double>()) << " (hosting " << money(c["hosting"].get<double>()) << ", energy idle "
          << money(c["energy_idle"].get<double>()) << "), caused " << money(c["caused"].get<double>()) << " (busy cores "
          << money(c["busy_cores"].get<double>()) << ", energy " << money(c["energy_caused"].get<double>()) << ")\n";
    }
    const auto& by_class = cost["by_link_class"];
    if (by_class.empty()) continue;
    out << "  links    ";
    bool first = true;
    for (const auto& c : ordered_tiers(by_class, {"access", "uplink", "ingress"})) {
      out << (first ? "" : "; ") << c << " " << money(by_class[c]["caused"].get<double>()) << " (traffic "
          << money(by_class[c]["traffic"].get<double>()) << ", energy " << money(by_class[c]["energy"].get<double>()) << ")";
      first = false;
    }
    out << "\n";
  }
}

}  // namespace

// Several applications (docs/outputs.md, "Several applications"): one column per application, side by side.
void print_applications(const nlohmann::json& by_application, std::ostream& out) {
  std::vector<std::string> names;
  size_t width = 12;
  for (const auto& [name, app] : by_application.items()) {
    names.push_back(name);
    width = std::max(width, name.size() + 2);
  }
  const auto row = [&](const std::string& label, const auto& cell) {
    out << "  " << label << std::string(label.size() < 22 ? 22 - label.size() : 1, ' ');
    for (size_t k = 0; k < names.size(); ++k) {
      const std::string text = cell(by_application[names[k]]);
      out << text;
      if (k + 1 < names.size()) out << std::string(text.size() < width ? width - text.size() : 1, ' ');
    }
    out << "\n";
  };
  out << "applications";
  out << std::string(12, ' ');
  for (size_t k = 0; k < names.size(); ++k)
    out << names[k] << (k + 1 < names.size() ? std::string(names[k].size() < width ? width - names[k].size() : 1, ' ') : "");
  out << "\n";
  row("policy", [](const nlohmann::json& a) { return a["policy"].get<std::string>(); });
  row("devices", [](const nlohmann::json& a) { return std::to_string(a["devices"].get<long long>()); });
  row("samples", [](const nlohmann::json& a) { return std::to_string(a["samples"].get<std::uint64_t>()); });
  row("accuracy", [](const nlohmann::json& a) { return fixed(a["accuracy"].get<double>()); });
  row("latency mean (ms)", [](const nlohmann::json& a) { return fixed(a["latency_s"]["mean"].get<double>() * 1e3, 3); });
  row("latency p50 (ms)", [](const nlohmann::json& a) { return fixed(a["latency_s"]["p50"].get<double>() * 1e3, 3); });
  row("latency p95 (ms)", [](const nlohmann::json& a) { return fixed(a["latency_s"]["p95"].get<double>() * 1e3, 3); });
  if (by_application.begin()->contains("deadline"))
    row("deadline misses", [](const nlohmann::json& a) {
      return std::to_string(a["deadline"]["misses"].get<std::uint64_t>()) + " (" +
             fixed(a["deadline"]["miss_fraction"].get<double>() * 100, 2) + " %)";
    });
  row("caused mJ/sample", [](const nlohmann::json& a) { return fixed(a["caused_energy_per_sample_j"].get<double>() * 1e3, 6); });
  row("bytes sent", [](const nlohmann::json& a) { return human_bytes(a["bytes"].get<double>()); });
}

void print_summary(const nlohmann::json& s, std::ostream& out, const std::vector<std::string>& tiers) {
  out << "samples      " << s["samples"].get<std::uint64_t>() << "\n";
  out << "accuracy     " << fixed(s["accuracy"].get<double>()) << "\n";
  out << "exits       ";
  // Heads in the order samples meet them (summary.json `heads`).
  for (const auto& head : s["heads"]) {
    const std::string name = head.get<std::string>();
    if (s["exit_fraction"].contains(name)) out << " " << name << "=" << fixed(s["exit_fraction"][name].get<double>());
  }
  out << "\n";
  const auto& l = s["latency_s"];
  out << "latency (ms) mean " << fixed(l["mean"].get<double>() * 1e3, 3) << "  p50 " << fixed(l["p50"].get<double>() * 1e3, 3)
      << "  p95 " << fixed(l["p95"].get<double>() * 1e3, 3) << "  p99 " << fixed(l["p99"].get<double>() * 1e3, 3)
      << "  max " << fixed(l["max"].get<double>() * 1e3, 3) << "\n";
  if (s.contains("by_application")) print_applications(s["by_application"], out);
  const auto& a = s["energy_account_j"];
  const auto& t = a["total"];
  const double n = std::max<double>(1, s["samples"].get<double>());
  const bool analytic = a["compute_view"] == "analytic";
  out << "energy (J)   fleet " << fixed(a["fleet_total"].get<double>()) << " = host idle " << fixed(t["host_idle"].get<double>())
      << " + radio idle " << fixed(t["radio_idle"].get<double>()) << " + host dynamic " << fixed(t["host_dynamic"].get<double>()) << " + radio above idle "
      << fixed(t["radio_above_idle"].get<double>()) << " + network " << fixed(t["network"].get<double>())
      << (a["radio_modelled"].get<bool>() ? "" : " (no radio model)") << "\n";
  out << "  per sample " << fixed(a["caused_per_sample"].get<double>() * 1e3, 6) << " mJ caused (idle excluded) = "
      << (analytic ? "compute (MACs x energy/MAC) " : "host dynamic ")
      << fixed((analytic ? t["compute_analytic"] : t["host_dynamic"]).get<double>() / n * 1e3, 6) << " + radio "
      << fixed(t["radio_above_idle"].get<double>() / n * 1e3, 6) << " + network "
      << fixed(t["network"].get<double>() / n * 1e3, 6) << "\n";
  // One line per tier, from the device outwards; host idle and radio idle apart.
  const bool radio = a["radio_modelled"].get<bool>();
  for (const auto& tier : ordered_tiers(a["by_tier"], tiers)) {
    const auto& c = a["by_tier"][tier];
    out << "  " << tier << std::string(tier.size() < 9 ? 9 - tier.size() : 1, ' ') << "host idle "
        << fixed(c["host_idle"].get<double>()) << ", host dynamic " << fixed(c["host_dynamic"].get<double>());
    if (radio && (c["radio_idle"].get<double>() > 0 || c["radio_above_idle"].get<double>() > 0))
      out << ", radio idle " << fixed(c["radio_idle"].get<double>()) << ", radio above idle "
          << fixed(c["radio_above_idle"].get<double>());
    out << "; compute (MACs x energy/MAC) " << fixed(c["compute_analytic"].get<double>(), 6) << "\n";
  }
  // Bytes with their unit; link classes from the device outwards (access, uplink, ingress), then any other.
  out << "bytes        sent " << human_bytes(s["bytes"]["total"].get<double>()) << "; carried by link class:";
  const auto& by_class = s["bytes"]["by_link_class"];
  for (const auto& c : ordered_tiers(by_class, {"access", "uplink", "ingress"}))
    out << " " << c << " " << human_bytes(by_class[c].get<double>());
  out << "\n";
  print_cost(s, out, tiers);
  if (s.contains("recovery")) {  // failures or a wireless access: every arrival accounted for once
    const auto& r = s["recovery"];
    out << "outcomes     " << r["arrivals"].get<std::uint64_t>() << " arrivals = " << r["completed"].get<std::uint64_t>()
        << " completed + " << r["fell_back"].get<std::uint64_t>() << " fell back + " << r["given_up"].get<std::uint64_t>()
        << " given up; " << r["losses"].get<std::uint64_t>() << " losses, " << r["retried"].get<std::uint64_t>()
        << " samples retried\n";
  }
  if (s.contains("battery")) {  // battery-powered devices (docs/outputs.md, "Batteries")
    const auto& b = s["battery"];
    const auto when = [&](const char* key) {
      return b[key].is_null() ? std::string("-") : fixed(b[key].get<double>(), 3) + " s";
    };
    out << "battery      " << b["deaths"].get<std::uint64_t>() << " of " << b["battery_devices"].get<std::uint64_t>()
        << " battery devices emptied (first " << when("first_death_s") << ", 10 % by " << when("died_10pct_s")
        << ", 50 % by " << when("died_50pct_s") << "); " << b["devices_alive_at_end"].get<std::uint64_t>()
        << " devices alive at the end; " << b["given_up"].get<std::uint64_t>() << " samples given up, "
        << b["arrivals_not_generated"].get<long long>() << " arrivals not generated\n";
  }
  if (s.contains("mobility")) {
    const auto& m = s["mobility"];
    out << "mobility     " << m["given_up_out_of_coverage"].get<std::uint64_t>() << " given up out of coverage; "
        << m["handovers"].get<std::uint64_t>() << " handovers, " << m["reassociations"].get<std::uint64_t>() << " re-associations, "
        << m["interrupted_transfers"].get<std::uint64_t>() << " transfers interrupted, "
        << fixed(m["out_of_coverage_s"].get<double>(), 3) << " s out of coverage (all devices)\n";
  }
  if (s.contains("deadline")) {  // workload.deadline: what the deadlines did (docs/outputs.md, "Deadlines")
    const auto& d = s["deadline"];
    out << "deadline     " << d["misses"].get<std::uint64_t>() << " misses (" << fixed(d["miss_fraction"].get<double>() * 100, 2)
        << " % of samples), " << d["fallbacks"].get<std::uint64_t>() << " fallbacks; accuracy in time "
        << fixed(d["accuracy_in_time"].get<double>()) << " (all answers " << fixed(s["accuracy"].get<double>())
        << "); goodput " << fixed(d["goodput_per_s"].get<double>(), 3) << " correct answers in time/s; latency/deadline p95 "
        << fixed(d["latency_over_deadline"]["p95"].get<double>(), 3) << "\n";
  }
  out << "sim time     " << fixed(s["sim_time_s"].get<double>(), 3) << " s, wall time " << fixed(s["wall_time_s"].get<double>(), 3)
      << " s\n";
}

}  // namespace hybridfog::cli
