#include "cli/summary_printer.hpp"

#include <cstdio>

namespace hybridfog::cli {

std::string fixed(double value, int digits) {
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
  // Radio and link energy: bytes x energy per bit on the links that declare it (null when none does).
  if (s.contains("network_energy_j") && s["network_energy_j"].is_object()) {
    out << "radio (J)    total " << fixed(s["network_energy_j"]["total"].get<double>(), 6) << " (bytes x energy/bit);";
    for (const auto& [c, j] : s["network_energy_j"]["by_link_class"].items()) out << " " << c << "=" << fixed(j.get<double>(), 6);
    out << "\n";
  }
  out << "bytes        total " << s["bytes"]["total"].get<double>() << ";";
  for (const auto& [c, b] : s["bytes"]["by_link_class"].items()) out << " " << c << "=" << b.get<double>();
  out << "\n";
  out << "sim time     " << fixed(s["sim_time_s"].get<double>(), 3) << " s, wall time " << fixed(s["wall_time_s"].get<double>(), 3)
      << " s\n";
}

}  // namespace hybridfog::cli
