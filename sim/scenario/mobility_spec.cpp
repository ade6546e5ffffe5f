#include "scenario/mobility_spec.hpp"

#include <cmath>

#include "core/csv_reader.hpp"
#include "core/input_error.hpp"
#include "core/yaml_node.hpp"
#include "platform/platform_spec.hpp"

namespace hybridfog {

namespace {

std::string wired_device(int device) {
  return "device " + std::to_string(device) + " is wired (its class has no `access: wifi`): only WiFi devices move";
}

// Device numbers an entry applies to: `all` (every WiFi device), or a list of device numbers (of WiFi devices).
std::vector<int> parse_device_list(const YNode& node, const std::vector<DeviceMobility>& devices) {
  const int count = static_cast<int>(devices.size());
  const auto wired = [&](int d) { return devices[static_cast<size_t>(d)].model == DeviceMobility::Model::wired; };
  std::vector<int> out;
  if (node.is_scalar()) {
    if (node.as_string() != "all") node.fail("expected `all` or a list of device numbers, got " + excerpt(node.as_string()));
    for (int d = 0; d < count; ++d)
      if (!wired(d)) out.push_back(d);
    return out;
  }
  for (const YNode& item : node.items()) {
    out.push_back(static_cast<int>(item.as_int(0, count - 1)));
    if (wired(out.back())) item.fail(wired_device(out.back()));
  }
  return out;
}

// Two lengths [min, max] of an area's side.
std::pair<double, double> parse_range(const YNode& node) {
  const std::vector<YNode> items = node.items();
  if (items.size() != 2) node.fail("expected [min, max], e.g. [0m, 300m]");
  const double low = items[0].as_coordinate(), high = items[1].as_coordinate();
  if (low > high) items[1].fail("max must not be below min");
  return {low, high};
}

RandomWaypointSpec parse_random_waypoint(const YNode& node) {
  node.expect_keys({"area", "speed", "pause"});
  RandomWaypointSpec spec;
  const YNode area = node.required("area");
  area.expect_keys({"x", "y"});
  std::tie(spec.x_min_m, spec.x_max_m) = parse_range(area.required("x"));
  std::tie(spec.y_min_m, spec.y_max_m) = parse_range(area.required("y"));
  const YNode speed = node.required("speed");
  const std::vector<YNode> speeds = speed.items();
  if (speeds.size() != 2) speed.fail("expected [min, max], e.g. [1m/s, 2m/s]");
  spec.speed_min_m_per_s = speeds[0].as_quantity(QuantityKind::speed, true);
  spec.speed_max_m_per_s = speeds[1].as_quantity(QuantityKind::speed, true);
  if (spec.speed_max_m_per_s < spec.speed_min_m_per_s) speeds[1].fail("max must not be below min");
  if (auto pause = node.optional("pause")) spec.pause_s = pause->as_quantity(QuantityKind::time, false);
  return spec;
}

}  // namespace

void load_mobility_trace(const std::string& file, std::vector<DeviceMobility>& devices) {
  CsvLines lines(file, {file, 0, 0}, "");
  static const char* const kColumns[] = {"time_s", "device", "x_m", "y_m"};
  CsvLine line;
  bool header = false;
  std::vector<bool> seen(devices.size(), false);
  long long rows = 0;
  while (lines.next(line)) {
    const int line_number = line.number;
    const std::vector<CsvCell> cells = split_csv_line(line.text);
    if (!header) {
      bool ok = cells.size() == 4;
      for (size_t c = 0; ok && c < 4; ++c) ok = cells[c].text == kColumns[c];
      if (!ok)
        throw InputError({file, line_number, 1}, "",
                         "expected the header time_s,device,x_m,y_m, got \"" + excerpt(line.text) + "\"");
      header = true;
      continue;
    }
    if (cells.size() != 4)
      throw InputError({file, line_number, cells.size() > 4 ? cells[4].column : static_cast<int>(line.text.size()) + 1}, "",
                       "expected 4 cells (time_s,device,x_m,y_m), got " + std::to_string(cells.size()));
    double values[4];
    for (int c = 0; c < 4; ++c) {
      const auto value = parse_csv_number(cells[c].text);
      if (!value)
        throw InputError({file, line_number, cells[c].column}, kColumns[c],
                         "expected a number, got \"" + excerpt(cells[c].text) + "\"");
      values[c] = *value;
    }
    const double time_s = values[0];
    if (time_s < 0 || time_s > 1e9)
      throw InputError({file, line_number, cells[0].column}, "time_s", "must be in [0, 1e9] s, got " + excerpt(cells[0].text));
    const double device_number = values[1];
    if (device_number != std::floor(device_number) || device_number < 0 ||
        device_number >= static_cast<double>(devices.size()))
      throw InputError({file, line_number, cells[1].column}, "device",
                       "unknown device " + excerpt(cells[1].text) + " (the platform has devices 0 to " +
                           std::to_string(devices.size() - 1) + ")");
    for (int c = 2; c < 4; ++c)
      if (std::fabs(values[c]) > 1e8)
        throw InputError({file, line_number, cells[c].column}, kColumns[c], "must be within +-1e8 m, got " + excerpt(cells[c].text));
    const auto device = static_cast<size_t>(device_number);
    DeviceMobility& mobility = devices[device];
    if (mobility.model == DeviceMobility::Model::wired)
      throw InputError({file, line_number, cells[1].column}, "device", wired_device(static_cast<int>(device)));
    if (!seen[device]) {
      seen[device] = true;
      mobility = DeviceMobility{};
      mobility.model = DeviceMobility::Model::trace;
    } else if (!(time_s > mobility.trace.back().time_s)) {
      throw InputError({file, line_number, cells[0].column}, "time_s",
                       "times of device " + std::to_string(device) + " must increase from row to row (previous: " +
                           std::to_string(mobility.trace.back().time_s) + " s)");
    }
    mobility.trace.push_back({time_s, values[2], values[3]});
    ++rows;
  }
  if (!header) throw InputError({file, lines.number(), 0}, "", "empty mobility trace: no header line");
  if (rows == 0) throw InputError({file, lines.number(), 0}, "", "the mobility trace has no rows");
}

std::vector<DeviceMobility> default_device_mobility(const PlatformSpec& platform) {
  std::vector<DeviceMobility> devices(static_cast<size_t>(platform.device_count()));
  if (platform.mixed_access())
    for (size_t d = 0; d < devices.size(); ++d)
      if (platform.device_access(static_cast<int>(d)) == HostClassSpec::Access::wired)
        devices[d].model = DeviceMobility::Model::wired;
  return devices;
}

MobilitySpec parse_mobility(const YNode& node, const PlatformSpec& platform,
                            const std::function<std::string(const YNode&)>& resolve) {
  node.expect_keys({"handover_delay", "out_of_coverage", "models"});
  if (!platform.access || !platform.access->wifi)
    node.fail("mobility needs a wireless access: the platform " + platform.file + " has no links.access.wifi");
  MobilitySpec spec;
  spec.devices = default_device_mobility(platform);
  if (auto delay = node.optional("handover_delay")) spec.handover_delay_s = delay->as_quantity(QuantityKind::time, false);
  if (auto out = node.optional("out_of_coverage"))
    spec.out_of_coverage = out->as_choice({"wait", "give_up"}) == "wait" ? MobilitySpec::OutOfCoverage::wait
                                                                          : MobilitySpec::OutOfCoverage::give_up;
  if (auto models = node.optional("models")) {
    for (const YNode& entry : models->items()) {
      entry.expect_keys({"devices", "position", "random_waypoint", "trace"});
      const auto position = entry.optional("position");
      const auto waypoint = entry.optional("random_waypoint");
      const auto trace = entry.optional("trace");
      if ((position ? 1 : 0) + (waypoint ? 1 : 0) + (trace ? 1 : 0) != 1)
        entry.fail("give exactly one of position, random_waypoint and trace");
      if (trace) {
        if (auto listed = entry.optional("devices"))
          listed->fail("a trace entry moves the devices its file names: remove `devices`");
        const std::string path = resolve(*trace);
        load_mobility_trace(path, spec.devices);
        spec.trace_files.push_back(path);
        continue;
      }
      const std::vector<int> selected = parse_device_list(entry.required("devices"), spec.devices);
      DeviceMobility mobility;
      if (position) {
        position->expect_keys({"x", "y"});
        mobility.model = DeviceMobility::Model::fixed;
        mobility.x_m = position->required("x").as_coordinate();
        mobility.y_m = position->required("y").as_coordinate();
      } else {
        mobility.model = DeviceMobility::Model::random_waypoint;
        mobility.random_waypoint = static_cast<int>(spec.random_waypoints.size());
        spec.random_waypoints.push_back(parse_random_waypoint(*waypoint));
      }
      for (int d : selected) spec.devices[static_cast<size_t>(d)] = mobility;
    }
  }
  return spec;
}

}  // namespace hybridfog
