#include "scenario/workload_spec.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include "core/csv_reader.hpp"
#include "core/yaml_node.hpp"

namespace hybridfog {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}  // namespace

const char* arrival_process_name(ArrivalProcess process) {
  switch (process) {
    case ArrivalProcess::periodic: return "periodic";
    case ArrivalProcess::poisson: return "poisson";
    case ArrivalProcess::bursty: return "bursty";
    case ArrivalProcess::profile: return "profile";
    case ArrivalProcess::trace: return "trace";
  }
  return "?";
}

// ---- RateProfile

void RateProfile::finish() {
  cumulative.assign(time_s.size(), 0.0);
  for (size_t i = 1; i < time_s.size(); ++i)
    cumulative[i] = cumulative[i - 1] + rate_per_s[i - 1] * (time_s[i] - time_s[i - 1]);
  per_period = period_s ? cumulative.back() + rate_per_s.back() * (*period_s - time_s.back()) : 0.0;
}

double RateProfile::integral(double t) const {
  double whole = 0;
  if (period_s) {
    const double periods = std::floor(t / *period_s);
    whole = periods * per_period;
    t = std::max(0.0, t - periods * *period_s);
  }
  const size_t i = static_cast<size_t>(std::upper_bound(time_s.begin(), time_s.end(), t) - time_s.begin()) - 1;
  return whole + cumulative[i] + rate_per_s[i] * (t - time_s[i]);
}

double RateProfile::total() const {
  return !period_s && rate_per_s.back() == 0 ? cumulative.back() : kInfinity;
}

double RateProfile::inverse(double x) const {
  double base_s = 0;
  if (period_s) {
    double periods = std::floor(x / per_period);
    x -= periods * per_period;
    if (x >= per_period) {  // rounding
      periods += 1;
      x -= per_period;
    }
    x = std::max(x, 0.0);
    base_s = periods * *period_s;
  }
  // The last piece whose cumulative is <= x: its rate is > 0 unless it is the last piece of the profile
  // (a piece of rate 0 has the same cumulative as the next one, which upper_bound passes over).
  const size_t i = static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin()) - 1;
  if (rate_per_s[i] == 0) return kInfinity;  // no period: the rate stays 0 from time_s[i] on
  return base_s + time_s[i] + (x - cumulative[i]) / rate_per_s[i];
}

// ---- ArrivalSpec

double ArrivalSpec::stationary(int state) const {
  return mean_sojourn_s[state] / (mean_sojourn_s[0] + mean_sojourn_s[1]);
}

double ArrivalSpec::expected_arrivals(double t) const {
  switch (arrivals) {
    case ArrivalProcess::periodic:
    case ArrivalProcess::poisson: return rate_per_s * t;
    case ArrivalProcess::bursty:
      return (stationary(0) * state_rate_per_s[0] + stationary(1) * state_rate_per_s[1]) * t;
    case ArrivalProcess::profile: return profile.integral(t);
    case ArrivalProcess::trace: break;
  }
  return 0;
}

double ArrivalSpec::time_of_expected(double n) const {
  switch (arrivals) {
    case ArrivalProcess::periodic:
    case ArrivalProcess::poisson: return n / rate_per_s;
    case ArrivalProcess::bursty:
      return n / (stationary(0) * state_rate_per_s[0] + stationary(1) * state_rate_per_s[1]);
    case ArrivalProcess::profile: return n > profile.total() ? kInfinity : profile.inverse(n);
    case ArrivalProcess::trace: break;
  }
  return 0;
}

// ---- devices

std::vector<int> device_classes(const PlatformSpec& platform) {
  std::vector<int> per_site;
  const auto& classes = platform.tiers.front().classes;
  for (size_t k = 0; k < classes.size(); ++k) per_site.insert(per_site.end(), classes[k].count, static_cast<int>(k));
  std::vector<int> out;
  out.reserve(static_cast<size_t>(platform.device_count()));
  for (int s = 0; s < platform.sites; ++s) out.insert(out.end(), per_site.begin(), per_site.end());
  return out;
}

std::string device_host_name(const PlatformSpec& platform, int device) {
  const TierSpec& tier = platform.tiers.front();
  const int per_site = platform.devices_per_site();
  int i = device % per_site;
  size_t k = 0;
  while (i >= tier.classes[k].count) i -= tier.classes[k++].count;
  return "site" + std::to_string(device / per_site) + "-" + tier.name + "-" + tier.classes[k].name + "-" +
         std::to_string(i);
}

// ---- estimates

ArrivalEstimate estimate_arrivals(const WorkloadSpec& w, const PlatformSpec& platform, const std::vector<int>* devices) {
  ArrivalEstimate e;
  const auto& classes = platform.tiers.front().classes;
  e.class_rate_per_s.assign(classes.size(), 0.0);
  const std::vector<int> device_class = device_classes(platform);
  std::vector<bool> member;  // empty: every device runs the workload
  if (devices) {
    member.assign(device_class.size(), false);
    for (int d : *devices) member[static_cast<size_t>(d)] = true;
  }
  const auto runs = [&member](size_t d) { return member.empty() || member[d]; };
  if (w.trace) {
    double last = 0;
    std::vector<double> count(w.trace->times_s.size(), 0.0), site_count(platform.sites, 0.0);
    for (size_t d = 0; d < w.trace->times_s.size(); ++d) {
      if (!runs(d)) continue;
      const auto& times = w.trace->times_s[d];
      count[d] = static_cast<double>(times.size());
      e.samples += count[d];
      if (!times.empty()) last = std::max(last, times.back());
      site_count[d / static_cast<size_t>(platform.devices_per_site())] += count[d];
    }
    e.arrivals_end_s = w.duration_s ? *w.duration_s : last;
    const double window = e.arrivals_end_s > 0 ? e.arrivals_end_s : 1.0;  // all arrivals at t = 0: per second
    for (size_t d = 0; d < count.size(); ++d)
      e.class_rate_per_s[device_class[d]] = std::max(e.class_rate_per_s[device_class[d]], count[d] / window);
    for (double c : site_count) e.site_rate_per_s = std::max(e.site_rate_per_s, c / window);
    e.total_rate_per_s = e.samples / window;
  } else {
    // Devices of each class that run the workload: on the busiest site of each class and in all.
    std::vector<double> in_class(classes.size(), 0.0);
    std::vector<std::vector<double>> site_class(static_cast<size_t>(platform.sites), std::vector<double>(classes.size(), 0.0));
    const size_t per_site = static_cast<size_t>(platform.devices_per_site());
    for (size_t d = 0; d < device_class.size(); ++d)
      if (runs(d)) {
        in_class[static_cast<size_t>(device_class[d])] += 1;
        site_class[d / per_site][static_cast<size_t>(device_class[d])] += 1;
      }
    // Per class: expected arrivals of one device and when they end.
    std::vector<double> per_device(classes.size()), end(classes.size());
    for (size_t k = 0; k < classes.size(); ++k) {
      const ArrivalSpec& p = w.process_of(static_cast<int>(k));
      if (w.samples_per_device) {
        const double n = std::min(static_cast<double>(*w.samples_per_device),
                                  p.arrivals == ArrivalProcess::profile ? p.profile.total() : kInfinity);
        per_device[k] = n;
        end[k] = p.arrivals == ArrivalProcess::profile && n == p.profile.total() ? p.profile.time_s.back()
                                                                                 : p.time_of_expected(n);
      } else {
        per_device[k] = p.expected_arrivals(*w.duration_s);
        end[k] = *w.duration_s;
      }
      if (in_class[k] == 0) continue;
      e.samples += in_class[k] * per_device[k];
      e.arrivals_end_s = std::max(e.arrivals_end_s, end[k]);
    }
    for (size_t k = 0; k < classes.size(); ++k) {
      if (in_class[k] == 0) continue;
      const ArrivalSpec& p = w.process_of(static_cast<int>(k));
      // Periodic, Poisson and bursty: their long-run rate; a profile: its mean over the class's window.
      const bool stationary = p.arrivals != ArrivalProcess::profile;
      e.class_rate_per_s[k] = stationary ? p.expected_arrivals(1.0) : end[k] > 0 ? per_device[k] / end[k] : 0.0;
      e.total_rate_per_s += in_class[k] * e.class_rate_per_s[k];
    }
    for (const std::vector<double>& site : site_class) {
      double rate = 0;
      for (size_t k = 0; k < classes.size(); ++k) rate += site[k] * e.class_rate_per_s[k];
      e.site_rate_per_s = std::max(e.site_rate_per_s, rate);
    }
  }
  for (double r : e.class_rate_per_s) e.device_rate_per_s = std::max(e.device_rate_per_s, r);
  return e;
}

// ---- parsing

namespace {

std::string resolve_relative(const YNode& node, const std::string& scenario_file) {
  std::filesystem::path p(node.as_string());
  if (p.is_relative()) p = std::filesystem::path(scenario_file).parent_path() / p;
  return p.lexically_normal().string();
}

// Keys of one process, and the processes each applies to (for the message about a misplaced key).
const std::map<std::string, std::pair<std::vector<ArrivalProcess>, const char*>>& process_keys() {
  static const std::map<std::string, std::pair<std::vector<ArrivalProcess>, const char*>> keys = {
      {"rate", {{ArrivalProcess::periodic, ArrivalProcess::poisson}, "periodic and poisson"}},
      {"phase", {{ArrivalProcess::periodic}, "periodic"}},
      {"states", {{ArrivalProcess::bursty}, "bursty"}},
      {"profile", {{ArrivalProcess::profile}, "profile"}},
      {"period", {{ArrivalProcess::profile}, "profile"}},
      {"file", {{ArrivalProcess::trace}, "trace"}},
  };
  return keys;
}

ArrivalProcess parse_kind(const YNode& node, bool allow_trace) {
  std::vector<std::string> choices = {"periodic", "poisson", "bursty", "profile"};
  if (allow_trace) choices.push_back("trace");
  const std::string kind = node.as_choice(choices);
  for (ArrivalProcess p : {ArrivalProcess::periodic, ArrivalProcess::poisson, ArrivalProcess::bursty,
                           ArrivalProcess::profile, ArrivalProcess::trace})
    if (kind == arrival_process_name(p)) return p;
  return ArrivalProcess::poisson;
}

// The process keys of `node` (a workload, or one entry of workload.classes).
ArrivalSpec parse_process(const YNode& node, bool allow_trace) {
  ArrivalSpec p;
  p.arrivals = parse_kind(node.required("arrivals"), allow_trace);
  for (const auto& [key, applies] : process_keys()) {
    const auto value = node.optional(key);
    if (!value) continue;
    if (std::find(applies.first.begin(), applies.first.end(), p.arrivals) == applies.first.end())
      value->fail(key + " applies to " + applies.second + " arrivals only");
  }
  switch (p.arrivals) {
    case ArrivalProcess::periodic:
    case ArrivalProcess::poisson:
      p.rate_per_s = node.required("rate").as_quantity(QuantityKind::rate, true);
      if (auto phase = node.optional("phase")) p.random_phase = phase->as_choice({"random", "zero"}) == "random";
      break;
    case ArrivalProcess::bursty: {
      const YNode states = node.required("states");
      const auto items = states.items();
      if (items.size() != 2) states.fail("expected exactly two states, got " + std::to_string(items.size()));
      for (int i = 0; i < 2; ++i) {
        items[i].expect_keys({"rate", "mean_sojourn"});
        p.state_rate_per_s[i] = items[i].required("rate").as_quantity(QuantityKind::rate, false);
        p.mean_sojourn_s[i] = items[i].required("mean_sojourn").as_quantity(QuantityKind::time, true);
      }
      if (p.state_rate_per_s[0] == 0 && p.state_rate_per_s[1] == 0)
        states.fail("both states have rate 0: no sample would ever arrive");
      break;
    }
    case ArrivalProcess::profile: {
      const YNode profile = node.required("profile");
      const auto points = profile.items();
      for (size_t i = 0; i < points.size(); ++i) {
        points[i].expect_keys({"time", "rate"});
        const YNode time = points[i].required("time");
        const double t = time.as_quantity(QuantityKind::time, false);
        if (i == 0 && t != 0) time.fail("the first point of a rate profile must be at time 0 (the rate from the start)");
        if (i > 0 && !(t > p.profile.time_s.back())) time.fail("times must increase strictly from one point to the next");
        p.profile.time_s.push_back(t);
        p.profile.rate_per_s.push_back(points[i].required("rate").as_quantity(QuantityKind::rate, false));
      }
      if (std::all_of(p.profile.rate_per_s.begin(), p.profile.rate_per_s.end(), [](double r) { return r == 0; }))
        profile.fail("every rate of the profile is 0: no sample would ever arrive");
      if (auto period = node.optional("period")) {
        p.profile.period_s = period->as_quantity(QuantityKind::time, true);
        if (!(*p.profile.period_s > p.profile.time_s.back()))
          period->fail("the period must be longer than the time of the profile's last point");
      }
      p.profile.finish();  // a period is longer than the last point: every piece has a length, per_period > 0
      break;
    }
    case ArrivalProcess::trace: break;
  }
  return p;
}

}  // namespace

WorkloadSpec parse_workload(const YNode& node, const std::string& scenario_file, const PlatformSpec& platform) {
  node.expect_keys({"arrivals", "rate", "phase", "states", "profile", "period", "file", "classes",
                    "samples_per_device", "duration", "order", "result_size", "deadline"});
  WorkloadSpec w;
  static_cast<ArrivalSpec&>(w) = parse_process(node, true);
  const auto count = node.optional("samples_per_device");
  const auto duration = node.optional("duration");
  if (w.arrivals == ArrivalProcess::trace) {
    if (count && duration) node.fail("give at most one of samples_per_device and duration");
  } else if (count.has_value() == duration.has_value()) {
    node.fail("give exactly one of samples_per_device and duration");
  }
  if (count) w.samples_per_device = count->as_int(1, 1'000'000'000);
  if (duration) w.duration_s = duration->as_quantity(QuantityKind::time, true);
  if (auto order = node.optional("order")) {
    const std::string o = order->as_choice({"sequential", "shuffled", "replacement"});
    w.order = o == "sequential" ? SampleOrder::sequential : o == "shuffled" ? SampleOrder::shuffled : SampleOrder::replacement;
  }
  if (auto result = node.optional("result_size")) w.result_bytes = result->as_quantity(QuantityKind::data_size, true);

  if (auto classes = node.optional("classes")) {
    if (w.arrivals == ArrivalProcess::trace)
      classes->fail("classes cannot be combined with arrivals: trace (the trace names the device of every arrival)");
    const auto& device_tier = platform.tiers.front();
    w.by_class.resize(device_tier.classes.size());
    for (const auto& [name, entry] : classes->entries()) {
      size_t k = 0;
      while (k < device_tier.classes.size() && device_tier.classes[k].name != name) ++k;
      if (k == device_tier.classes.size()) {
        std::string known;
        for (const auto& c : device_tier.classes) known += (known.empty() ? "" : ", ") + c.name;
        entry.fail("\"" + excerpt(name) + "\" is not a class of the device tier " + device_tier.name + " of platform " +
                   platform.file + " (classes: " + known + ")");
      }
      entry.expect_keys({"arrivals", "rate", "phase", "states", "profile", "period"});
      w.by_class[k] = parse_process(entry, false);
    }
  }

  if (w.arrivals == ArrivalProcess::trace) {
    const YNode file_node = node.required("file");
    const std::string file = resolve_relative(file_node, scenario_file);
    auto trace = std::make_shared<ArrivalTrace>(load_arrival_trace(file, platform, file_node.location(), file_node.path()));
    for (auto& times : trace->times_s) {
      if (w.duration_s) times.erase(std::lower_bound(times.begin(), times.end(), *w.duration_s), times.end());
      if (w.samples_per_device && static_cast<long long>(times.size()) > *w.samples_per_device)
        times.resize(static_cast<size_t>(*w.samples_per_device));
    }
    w.trace = std::move(trace);
  }
  return w;
}

ArrivalTrace load_arrival_trace(const std::string& file, const PlatformSpec& platform, const SourceLocation& where,
                                const std::string& key_path) {
  CsvReader csv(file, {"time_s", "device"}, where, key_path);
  ArrivalTrace trace;
  trace.file = file;
  const int devices = platform.device_count();
  trace.times_s.resize(static_cast<size_t>(devices));
  std::map<std::string, int> by_name;  // built on the first device given by name
  std::vector<CsvCell> cells;
  double previous = 0;
  int previous_line = 0;
  bool any = false;
  while (csv.next(cells)) {
    const double t = csv.number(cells, 0);
    if (t < 0) throw InputError(csv.at(cells[0]), "time_s", "must not be negative, got " + excerpt(cells[0].text));
    if (t > 1e9) throw InputError(csv.at(cells[0]), "time_s", "must be at most 1e9 s, got " + excerpt(cells[0].text));
    if (any && t < previous)
      throw InputError(csv.at(cells[0]), "time_s",
                       "times must not decrease: " + excerpt(cells[0].text) + " s comes after the time of line " +
                           std::to_string(previous_line));
    const std::string& text = cells[1].text;
    int device = -1;
    if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      if (text.size() <= 9) device = std::stoi(text);
      if (device < 0 || device >= devices)
        throw InputError(csv.at(cells[1]), "device",
                         "no device " + excerpt(text) + " in platform " + platform.file + " (devices 0 .. " +
                             std::to_string(devices - 1) + ")");
    } else {
      if (by_name.empty())
        for (int d = 0; d < devices; ++d) by_name.emplace(device_host_name(platform, d), d);
      const auto found = by_name.find(text);
      if (found == by_name.end())
        throw InputError(csv.at(cells[1]), "device",
                         "unknown device \"" + excerpt(text) + "\": expected a device number 0 .. " +
                             std::to_string(devices - 1) + " or a device host name such as " +
                             device_host_name(platform, 0) + " (platform " + platform.file + ")");
      device = found->second;
    }
    trace.times_s[static_cast<size_t>(device)].push_back(t);
    previous = t;
    previous_line = csv.line();
    any = true;
  }
  if (!any) throw InputError({file, csv.header_line(), 0}, "", "no arrivals: a header but no rows");
  return trace;
}

}  // namespace hybridfog
