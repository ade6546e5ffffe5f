#include "platform/profile_spec.hpp"

#include <cmath>
#include <filesystem>

#include "core/csv_reader.hpp"
#include "core/yaml_node.hpp"

namespace hybridfog {

const char* profile_kind_name(ProfileKind kind) {
  switch (kind) {
    case ProfileKind::bandwidth: return "bandwidth";
    case ProfileKind::latency: return "latency";
    case ProfileKind::speed: return "speed";
    case ProfileKind::availability: return "availability";
  }
  return "?";
}

std::vector<std::string> profile_csv_columns(ProfileKind kind) {
  switch (kind) {
    case ProfileKind::bandwidth: return {"time_s", "bandwidth_bytes_per_s"};
    case ProfileKind::latency: return {"time_s", "latency_s"};
    case ProfileKind::speed: return {"time_s", "speed_fraction"};
    case ProfileKind::availability: return {"time_s", "available"};
  }
  return {};
}

std::vector<ValueProfile::Step> ValueProfile::steps_until(double until_s) const {
  // The dates as SimGrid computes them (kernel::profile::FutureEvtSet): each step's date is the previous
  // step's date plus a delay, the pattern's delays being time_i - time_{i-1}, and the first delay of each
  // repetition stretched by the repeat delay (period - last time). The same arithmetic as
  // platform_builder's profiles, so that events.csv shows the instants SimGrid applies, to the last bit.
  std::vector<Step> out;
  if (steps.empty()) return out;
  const double repeat_delay = period_s ? *period_s - steps.back().time_s : -1.0;
  double date = 0;
  for (long long k = 0;; ++k) {
    double previous = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
      double delay = steps[i].time_s - previous;
      previous = steps[i].time_s;
      if (i == 0 && k > 0) delay += repeat_delay;
      date += delay;
      if (date > until_s) return out;
      out.push_back({date, steps[i].value});
    }
    if (!period_s) return out;
  }
}

namespace {

// Why a value of `kind` is refused, or empty when it is fine.
std::string check_value(ProfileKind kind, double value) {
  switch (kind) {
    case ProfileKind::bandwidth:
      return value > 0 ? "" : "a bandwidth must be > 0 (to cut a link off, give it an availability profile)";
    case ProfileKind::latency: return value >= 0 ? "" : "a latency must be >= 0";
    case ProfileKind::speed:
      return value > 0 && value <= 1 ? "" : "a speed is a fraction of the class's throughput, in (0, 1]";
    case ProfileKind::availability: return value == 0 || value == 1 ? "" : "availability is 1 (on) or 0 (off)";
  }
  return "";
}

double parse_inline_value(ProfileKind kind, const YNode& node) {
  switch (kind) {
    case ProfileKind::bandwidth: return node.as_quantity(QuantityKind::bandwidth, false);
    case ProfileKind::latency: return node.as_quantity(QuantityKind::time, false);
    case ProfileKind::speed: return node.as_number();
    case ProfileKind::availability: return node.as_choice({"on", "off"}) == "on" ? 1.0 : 0.0;
  }
  return 0;
}

const char* value_example(ProfileKind kind) {
  switch (kind) {
    case ProfileKind::bandwidth: return "[30s, 5Mbps]";
    case ProfileKind::latency: return "[30s, 80ms]";
    case ProfileKind::speed: return "[30s, 0.5]";
    case ProfileKind::availability: return "[30s, off]";
  }
  return "";
}

ValueProfile parse_profile(ProfileKind kind, const YNode& node) {
  node.expect_keys({"steps", "file", "period"});
  ValueProfile profile;
  const auto steps = node.optional("steps");
  const auto file = node.optional("file");
  if (steps.has_value() == file.has_value()) node.fail("give exactly one of `steps` (inline) and `file` (CSV)");
  // Where the last step was given, for the period check.
  SourceLocation last_where;
  std::string last_path;
  if (steps) {
    for (const YNode& item : steps->items()) {
      if (!item.is_sequence() || item.raw().size() != 2)
        item.fail(std::string("expected a step [time, value], e.g. ") + value_example(kind));
      const auto pair = item.items();
      ValueProfile::Step step;
      step.time_s = pair[0].as_quantity(QuantityKind::time, false);
      if (!profile.steps.empty() && !(step.time_s > profile.steps.back().time_s))
        pair[0].fail("steps must be in strictly increasing time order (previous step at " +
                     std::to_string(profile.steps.back().time_s) + " s)");
      step.value = parse_inline_value(kind, pair[1]);
      if (const std::string why = check_value(kind, step.value); !why.empty()) pair[1].fail(why);
      profile.steps.push_back(step);
      last_where = pair[0].location();
      last_path = pair[0].path();
    }
  } else {
    std::filesystem::path p(file->as_string());
    if (p.is_relative()) p = std::filesystem::path(node.file()).parent_path() / p;
    profile.file = p.lexically_normal().string();
    const NumericCsv csv = read_numeric_csv(profile.file, file->location(), file->path(), profile_csv_columns(kind));
    const auto columns = profile_csv_columns(kind);
    for (size_t r = 0; r < csv.rows.size(); ++r) {
      const SourceLocation time_at{csv.file, csv.row_line[r], csv.row_column[r][0]};
      const SourceLocation value_at{csv.file, csv.row_line[r], csv.row_column[r][1]};
      ValueProfile::Step step{csv.rows[r][0], csv.rows[r][1]};
      if (step.time_s < 0) throw InputError(time_at, columns[0], "a time must be >= 0");
      if (!profile.steps.empty() && !(step.time_s > profile.steps.back().time_s))
        throw InputError(time_at, columns[0],
                         "rows must be in strictly increasing time order (previous row at " +
                             std::to_string(profile.steps.back().time_s) + " s)");
      if (const std::string why = check_value(kind, step.value); !why.empty()) throw InputError(value_at, columns[1], why);
      profile.steps.push_back(step);
      last_where = time_at;
      last_path = columns[0];
    }
  }
  if (auto period = node.optional("period")) {
    profile.period_s = period->as_quantity(QuantityKind::time, true);
    if (!(*profile.period_s > profile.steps.back().time_s))
      period->fail("the period must be longer than the time of the last step (" +
                   std::to_string(profile.steps.back().time_s) + " s)");
  }
  return profile;
}

}  // namespace

LinkProfiles parse_link_profiles(const YNode& node) {
  node.expect_keys({"bandwidth", "latency", "availability"});
  LinkProfiles p;
  if (auto n = node.optional("bandwidth")) p.bandwidth = parse_profile(ProfileKind::bandwidth, *n);
  if (auto n = node.optional("latency")) p.latency = parse_profile(ProfileKind::latency, *n);
  if (auto n = node.optional("availability")) p.availability = parse_profile(ProfileKind::availability, *n);
  return p;
}

HostProfiles parse_host_profiles(const YNode& node) {
  node.expect_keys({"speed", "availability"});
  HostProfiles p;
  if (auto n = node.optional("speed")) p.speed = parse_profile(ProfileKind::speed, *n);
  if (auto n = node.optional("availability")) p.availability = parse_profile(ProfileKind::availability, *n);
  return p;
}

}  // namespace hybridfog
