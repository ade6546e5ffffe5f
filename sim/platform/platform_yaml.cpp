#include "platform/platform_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdio>

namespace hybridfog {
namespace {

std::string quantity(double si, const char* unit) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g%s", si, unit);
  return buffer;
}

void per_precision(YAML::Emitter& out, const char* key, const std::array<std::optional<double>, kPrecisionCount>& values,
                   const char* unit) {
  bool any = false;
  for (const auto& v : values) any = any || v.has_value();
  if (!any) return;
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (Precision p : kAllPrecisions)
    if (const auto& v = values[static_cast<int>(p)]) out << YAML::Key << precision_name(p) << YAML::Value << quantity(*v, unit);
  out << YAML::EndMap;
}

// A price as the platform reads it back: "<number> <currency>".
std::string price(double value, const std::string& currency) { return quantity(value, (" " + currency).c_str()); }

void link(YAML::Emitter& out, const char* key, const std::optional<LinkSpec>& spec, const std::string& currency) {
  if (!spec) return;
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  if (const auto& wifi = spec->wifi) {
    out << YAML::Key << "wifi" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "rates" << YAML::Value << YAML::BeginSeq;
    for (const WifiRateLevel& level : wifi->rates)
      out << YAML::BeginMap << YAML::Key << "up_to" << YAML::Value << quantity(level.up_to_m, "m") << YAML::Key
          << "bandwidth" << YAML::Value << quantity(level.bandwidth_bytes_per_s, "Bps") << YAML::EndMap;
    out << YAML::EndSeq;
    out << YAML::Key << "sites" << YAML::Value << YAML::BeginSeq;
    for (const WifiSiteSpec& site : wifi->sites)
      out << YAML::BeginMap << YAML::Key << "x" << YAML::Value << quantity(site.x_m, "m") << YAML::Key << "y"
          << YAML::Value << quantity(site.y_m, "m") << YAML::Key << "coverage_radius" << YAML::Value
          << quantity(site.coverage_radius_m, "m") << YAML::EndMap;
    out << YAML::EndSeq << YAML::EndMap;
  }
  if (spec->wired) {
    out << YAML::Key << "bandwidth" << YAML::Value << quantity(spec->bandwidth_bytes_per_s, "Bps");
    out << YAML::Key << "latency" << YAML::Value << quantity(spec->latency_s, "s");
    out << YAML::Key << "sharing" << YAML::Value << (spec->sharing == LinkSharing::shared ? "shared" : "fatpipe");
  }
  if (spec->energy_per_bit_j) out << YAML::Key << "energy_per_bit" << YAML::Value << quantity(*spec->energy_per_bit_j, "J");
  if (const auto& r = spec->radio) {
    out << YAML::Key << "radio" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "transmit" << YAML::Value << quantity(r->transmit_power_w, "W");
    out << YAML::Key << "receive" << YAML::Value << quantity(r->receive_power_w, "W");
    out << YAML::Key << "idle" << YAML::Value << quantity(r->idle_power_w, "W");
    out << YAML::Key << "tail" << YAML::Value << quantity(r->tail_s, "s");
    out << YAML::Key << "tail_power" << YAML::Value << quantity(r->tail_power_w, "W");
    out << YAML::EndMap;
  }
  if (spec->price_per_gb)
    out << YAML::Key << "price" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "per_gb" << YAML::Value
        << price(*spec->price_per_gb, currency) << YAML::EndMap;
  out << YAML::EndMap;
}

}  // namespace

std::string platform_to_yaml(const PlatformSpec& spec) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << spec.name;
  out << YAML::Key << "sites" << YAML::Value << spec.sites;
  if (spec.has_prices()) out << YAML::Key << "currency" << YAML::Value << spec.currency;
  if (spec.price_per_kwh)
    out << YAML::Key << "price" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "per_kwh" << YAML::Value
        << price(*spec.price_per_kwh, spec.currency) << YAML::EndMap;
  out << YAML::Key << "tiers" << YAML::Value << YAML::BeginSeq;
  for (const TierSpec& tier : spec.tiers) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << tier.name;
    out << YAML::Key << "scope" << YAML::Value << tier_scope_name(tier.scope);
    out << YAML::Key << "classes" << YAML::Value << YAML::BeginSeq;
    for (const HostClassSpec& c : tier.classes) {
      out << YAML::BeginMap;
      out << YAML::Key << "name" << YAML::Value << c.name;
      out << YAML::Key << "count" << YAML::Value << c.count;
      out << YAML::Key << "cores" << YAML::Value << c.cores;
      per_precision(out, "throughput", c.throughput_mac_per_s, "MAC/s");
      if (c.pstates.size() > 1) {
        out << YAML::Key << "pstates" << YAML::Value << YAML::BeginSeq;
        for (const auto& state : c.pstates) {
          out << YAML::Flow << YAML::BeginMap;
          out << YAML::Key << "speed" << YAML::Value << quantity(state.speed, "");
          out << YAML::Key << "idle" << YAML::Value << quantity(state.idle_power_per_core_w, "W");
          out << YAML::Key << "busy" << YAML::Value << quantity(state.busy_power_per_core_w, "W");
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      } else {
        out << YAML::Key << "power_per_core" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "idle" << YAML::Value << quantity(c.idle_power_per_core_w, "W");
        out << YAML::Key << "busy" << YAML::Value << quantity(c.busy_power_per_core_w, "W");
        out << YAML::EndMap;
      }
      if (c.governor.kind == HostClassSpec::Governor::Kind::ondemand) {
        out << YAML::Key << "governor" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << "ondemand";
        out << YAML::Key << "up_queue" << YAML::Value << c.governor.up_queue;
        out << YAML::Key << "down_after" << YAML::Value << quantity(c.governor.down_after_s, "s");
        out << YAML::EndMap;
      } else if (c.governor.pstate != 0) {
        out << YAML::Key << "governor" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << "fixed";
        out << YAML::Key << "pstate" << YAML::Value << c.governor.pstate;
        out << YAML::EndMap;
      }
      if (const auto& b = c.batching) {
        out << YAML::Key << "batching" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "max_size" << YAML::Value << b->max_size;
        out << YAML::Key << "max_wait" << YAML::Value << quantity(b->max_wait_s, "s");
        out << YAML::Key << "table" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (double v : b->relative_time) out << quantity(v, "");
        out << YAML::EndSeq << YAML::EndMap;
      }
      per_precision(out, "energy_per_mac", c.energy_per_mac_j, "J");
      if (spec.mixed_access() && &tier == &spec.tiers.front())  // wired unless said (docs/formats.md)
        out << YAML::Key << "access" << YAML::Value << (c.access == HostClassSpec::Access::wifi ? "wifi" : "wired");
      if (const auto& b = c.battery) {
        out << YAML::Key << "battery" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "capacity" << YAML::Value << quantity(b->capacity_j, "J");
        out << YAML::Key << "initial" << YAML::Value << quantity(b->initial_percent, "%");
        out << YAML::EndMap;
      }
      if (const auto& p = c.price) {
        out << YAML::Key << "price" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "per_hour" << YAML::Value << price(p->per_hour, spec.currency);
        out << YAML::Key << "per_busy_core_hour" << YAML::Value << price(p->per_busy_core_hour, spec.currency);
        if (p->per_kwh) out << YAML::Key << "per_kwh" << YAML::Value << price(*p->per_kwh, spec.currency);
        out << YAML::EndMap;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if (spec.access || spec.uplink || spec.ingress) {
    out << YAML::Key << "links" << YAML::Value << YAML::BeginMap;
    link(out, "access", spec.access, spec.currency);
    link(out, "uplink", spec.uplink, spec.currency);
    link(out, "ingress", spec.ingress, spec.currency);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace hybridfog
