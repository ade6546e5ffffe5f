#include "scenario/scenario_spec.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/number_format.hpp"
#include "core/yaml_node.hpp"
#include "cost/cost_model.hpp"
#include "scenario/cross_checks.hpp"
#include "scenario/user_code.hpp"
#include "core/yaml_override.hpp"

namespace hybridfog {

const char* network_model_name(NetworkModel model) {
  switch (model) {
    case NetworkModel::CM02: return "CM02";
    case NetworkModel::LV08: return "LV08";
    case NetworkModel::ns3: return "ns-3";
  }
  return "?";
}

const char* compute_energy_view_name(ComputeEnergyView view) {
  return view == ComputeEnergyView::analytic ? "analytic" : "host-dynamic";
}

namespace {

constexpr int kNs3MaxDevices = 2000;  // network.model: ns-3 (docs/network-validation.md, "The ns-3 backend")

// The path relative to the scenario, checked as an input file (regular, bounded size) at the key naming it.
std::string resolve_path(const YNode& node, const std::string& scenario_file, std::uintmax_t max_bytes) {
  const std::string text = node.as_string();
  std::filesystem::path p(text);
  if (p.is_relative()) p = std::filesystem::path(scenario_file).parent_path() / p;
  std::string resolved = p.lexically_normal().string();
  check_input_file(resolved, node.location(), node.path(), max_bytes);
  return resolved;
}

// `network.tcp` (docs/formats.md, "TCP connections"), checked against the window and what the engine supports.
cost::TcpSpec parse_tcp(const YNode& node, const ScenarioSpec& spec) {
  node.expect_keys({"connections", "initial_window", "mss", "slow_start_after_idle"});
  cost::TcpSpec tcp;
  tcp.connections = node.required("connections").as_choice({"persistent", "per-request"}) == "persistent"
                        ? cost::TcpConnections::persistent
                        : cost::TcpConnections::per_request;
  if (auto iw = node.optional("initial_window"))
    tcp.initial_window_segments = static_cast<double>(iw->as_int(1, 1LL << 20));
  if (auto mss = node.optional("mss")) {
    tcp.mss_bytes = mss->as_quantity(QuantityKind::data_size, true);
    // IPv4's largest segment: a 65,535 B datagram less 20 B of IP and 20 B of TCP headers.
    if (tcp.mss_bytes < 1 || tcp.mss_bytes > 65495 || tcp.mss_bytes != std::floor(tcp.mss_bytes))
      mss->fail("must be a whole number of bytes between 1B and 65495B (a 65,535 B IPv4 datagram less 40 B of headers)");
    if (tcp.mss_bytes > spec.tcp_window_bytes)
      mss->fail("is larger than network.tcp_window (" + format_number(spec.tcp_window_bytes) + " B): no segment fits the window");
  }
  if (tcp.initial_window_segments * tcp.mss_bytes > spec.tcp_window_bytes) {
    const YNode at = node.has("initial_window") ? node.required("initial_window") : node;
    at.fail("initial_window x mss = " + format_number(tcp.initial_window_segments * tcp.mss_bytes) +
            " B is larger than network.tcp_window (" + format_number(spec.tcp_window_bytes) + " B)");
  }
  if (auto idle = node.optional("slow_start_after_idle")) tcp.slow_start_after_idle = idle->as_bool();
  // The engine starts a message's flow after its handshake and slow-start rounds; transfers that a failure or
  // a handover cuts short are not modelled in that delay.
  if (spec.failures.any)
    node.fail("cannot be combined with failures (random failures or availability profiles) in this version");
  if (spec.platform.access && spec.platform.access->wifi)
    node.fail("cannot be combined with a wireless access (links.access.wifi) in this version");
  if (spec.platform.has_batteries())
    node.fail("cannot be combined with battery-powered devices (a device class's `battery`) in this version");
  return tcp;
}

// What SimGrid 3.32's ns-3 binding can take (docs/network-validation.md, "Limits of the ns-3 backend").
void check_ns3(const YNode& at, const ScenarioSpec& spec) {
  const PlatformSpec& p = spec.platform;
  if (!spec.applications.empty()) at.fail("ns-3 takes one application (no `applications:`) in this version");
  if (p.access && p.access->wifi)
    at.fail(std::string("ns-3 takes no wireless access (links.access.wifi") +
            (p.mixed_access() ? ", here for the device classes with `access: wifi`" : "") + ") in this version");
  if (p.has_batteries())
    at.fail("ns-3 takes no battery-powered devices (a device class's `battery`): an empty device cannot be turned off");
  for (LinkClass link_class : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
    if (const LinkSpec* link = p.link(link_class); link && (link->profiles.bandwidth || link->profiles.latency))
      at.fail(std::string("ns-3 takes no bandwidth or latency profile (links.") + link_class_name(link_class) + ".profiles)");
  if (spec.failures.any)
    at.fail("ns-3 takes no failures (random failures or availability profiles): its links cannot go down");
  // Building the platform grows faster than the fleet under ns-3 (its global routing): 1,000 devices took 22 s
  // for one sample each, 10,000 did not end in 300 s (docs/network-validation.md). Refused before it starts.
  if (p.device_count() > kNs3MaxDevices)
    at.fail("ns-3 simulates every packet and is for small fleets: at most " + std::to_string(kNs3MaxDevices) +
            " devices (1,000 took 22 s for one sample each; docs/network-validation.md); this platform has " +
            std::to_string(p.device_count()));
  // ns-3 point-to-point links are /16 networks numbered a.b.0.0 (at most 255 x 255): one per host, per site
  // router and for the ingress.
  long long hosts = 0;
  for (const auto& tier : p.tiers)
    for (const auto& c : tier.classes) hosts += static_cast<long long>(c.count) * (tier.scope == TierScope::central ? 1 : p.sites);
  const long long links = hosts + 2LL * p.sites + 1;
  if (links > 65000)
    at.fail("ns-3 takes at most 65,000 point-to-point links; this platform needs " + std::to_string(links) +
            " (one per host, two per site, the ingress)");
  const WorkEstimate work = estimate_work(spec);
  // hybridfog runs ns-3's clock in picoseconds (platform/ns3_clock.hpp): a signed 64-bit count, about 106 days.
  if (work.arrivals_end_s > 100 * 86400.0)
    at.fail("ns-3 runs at most 100 days of simulated time (its clock counts picoseconds in 64 bits); this scenario's "
            "arrivals last " + format_number(work.arrivals_end_s / 86400.0) + " days");
  // Every transfer is a TCP connection to a port of its own, numbered 1 .. 65,535 and then reused.
  const double transfers = work.samples * static_cast<double>(spec.partition.size() + 1);
  if (transfers > 65000)
    at.fail("ns-3 opens one TCP connection per transfer on ports that wrap after 65,535; this scenario makes up to " +
            format_number(std::round(transfers)) + " transfers (samples x (partition segments + 1)): reduce the fleet or the samples");
  // ns-3's receive buffer is network.tcp_window (docs/network-validation.md), a 32-bit attribute.
  if (spec.tcp_window_bytes > 4294967295.0)
    at.fail("ns-3 takes a network.tcp_window of at most 4294967295 B (its receive buffer); this scenario sets " +
            format_number(spec.tcp_window_bytes) + " B");
  // SimGrid's binding counts a transfer's bytes in 32 bits.
  double largest = spec.workload.result_bytes;
  for (const Stage& stage : build_stages(spec.profile, spec.partition)) largest = std::max(largest, stage.bytes_in);
  if (largest > 4294967295.0)
    at.fail("ns-3 carries at most 4294967295 B per transfer; this scenario sends " + format_number(largest) + " B");
}

// `deadline: 200ms` (every device) or `deadline: {<device host class>: 200ms, ...}` (every class named).
std::vector<double> parse_deadline(const YNode& node, const PlatformSpec& platform) {
  const std::vector<HostClassSpec>& classes = platform.tiers.front().classes;
  if (!node.is_map()) return std::vector<double>(classes.size(), node.as_quantity(QuantityKind::time, true));
  std::vector<std::string> names;
  for (const auto& c : classes) names.push_back(c.name);
  node.expect_keys(names);
  std::vector<double> out;
  for (const auto& c : classes) {
    if (!node.has(c.name))
      node.fail("give a deadline for every device class of platform " + platform.file + " (missing: " + c.name + ")");
    out.push_back(node.required(c.name).as_quantity(QuantityKind::time, true));
  }
  return out;
}

using nlohmann::json;

PolicySpec parse_policy_spec(const YNode& node) {
  node.expect_map();
  PolicySpec spec;
  const YNode name = node.required("name");
  spec.name = name.as_string();
  if (spec.name == "cloud-only")
    name.fail("cloud-only is a placement, not an exit policy: set model.placement: cloud-only (with any policy, "
              "e.g. {name: static}; docs/policies.md)");
  const PolicyInfo* info = PolicyRegistry::find(spec.name);
  if (!info) {
    std::string known;
    for (const auto& n : PolicyRegistry::names()) known += (known.empty() ? "" : ", ") + n;
    name.fail("unknown policy \"" + spec.name + "\" (known: " + known + ")");
  }
  std::vector<std::string> allowed = {"name"};
  allowed.insert(allowed.end(), info->parameters.begin(), info->parameters.end());
  node.expect_keys(allowed);
  if (auto threshold = node.optional("threshold")) spec.threshold = threshold->as_number();
  if (auto thresholds = node.optional("thresholds"))
    for (const auto& [head, value] : thresholds->entries()) spec.thresholds[head] = value.as_number();
  for (const auto& key : info->parameters) {
    if (key == "threshold" || key == "thresholds") continue;
    const auto value = node.optional(key);
    if (!value) continue;
    const auto kind = info->kinds.find(key);
    const std::string k = kind == info->kinds.end() ? "number" : kind->second;
    if (k == "word") {
      spec.words[key] = value->as_string();
    } else if (k == "json") {
      spec.words[key] = yaml_to_json(*value).dump();
    } else if (k == "module") {
      spec.words[key] = python_module_path(*value);
    } else if (k == "number") {
      spec.numbers[key] = value->as_number();
    } else {
      const QuantityKind q = k == "bandwidth" ? QuantityKind::bandwidth
                             : k == "time"    ? QuantityKind::time
                             : k == "energy"  ? QuantityKind::energy
                                              : QuantityKind::rate;
      spec.numbers[key] = value->as_quantity(q, true);
    }
  }
  return spec;
}

// Segments move outwards through existing tiers, and every layer and head placed on a tier (a head runs
// where the layer it reads runs) must be computable by every host class of that tier.
void check_partition(const YNode& at, const ScenarioSpec& spec) {
  int previous_tier = -1;
  int first = 0;
  for (size_t s = 0; s < spec.partition.size(); ++s) {
    const PartitionSegment& segment = spec.partition[s];
    const std::string key = "partition[" + std::to_string(s) + "].tier";
    const int tier = spec.platform.tier_index(segment.tier);
    if (tier < 0) {
      std::string names;
      for (const auto& t : spec.platform.tiers) names += (names.empty() ? "" : ", ") + t.name;
      throw InputError(at.location(), key,
                       "tier \"" + segment.tier + "\" is not in platform " + spec.platform.file + " (tiers: " + names + ")");
    }
    if (tier <= previous_tier)
      throw InputError(at.location(), key, "segments must move outwards through the platform's tiers (\"" +
                                              segment.tier + "\" comes after a segment on the same or a later tier)");
    previous_tier = tier;
    const auto require = [&](Precision p, const std::string& what) {
      for (const auto& host_class : spec.platform.tiers[tier].classes)
        if (!host_class.throughput_mac_per_s[static_cast<int>(p)])
          throw InputError(at.location(), key,
                           what + " runs in " + precision_name(p) + " but host class " + host_class.name + " of tier " +
                               segment.tier + " has no throughput." + precision_name(p));
    };
    for (int l = first; l <= segment.last_layer; ++l)
      require(spec.profile.layers[l].precision, "layer " + spec.profile.layers[l].name);
    for (const auto& head : spec.profile.heads)
      if (head.after >= first && head.after <= segment.last_layer) require(head.precision, "head " + head.name);
    first = segment.last_layer + 1;
  }
}

// An adaptive policy needs state the scenario must provide (docs/policies.md): a deadline for policies that
// read it, and exit heads that are decided at all.
void check_policy_context(const YNode& policy_node, const YNode& workload_node, const ScenarioSpec& spec) {
  const ContextNeeds needs = spec.exit_policy->context_needs();
  if (!needs.context) return;
  const YNode name = policy_node.required("name");
  if (spec.placement == Placement::cloud_only)
    name.fail("policy " + spec.policy.name + " decides at exit heads, but model.placement: cloud-only runs none");
  if (needs.deadline && spec.workload.deadline_s_by_class.empty())
    name.fail("policy " + spec.policy.name + " reads the sample's deadline: set workload.deadline (in " +
              workload_node.file() + ")");
}

// The one application's model, policy and workload into the scenario's fields (`prefix`: its key path, e.g.
// "applications[1]."; `role`: what its input files are named by in the manifest, e.g. "camera.").
void load_application(const YNode& model, const YNode& policy_node, const YNode& workload_node, const std::string& prefix,
                      const std::string& role, const std::string& file, ScenarioSpec& spec, InputCache* cache) {
  model.expect_keys({"profile", "trace", "partition", "placement"});
  const YNode profile_node = model.required("profile");
  const std::string profile_file = resolve_path(profile_node, file, kMaxYamlFileBytes);
  spec.profile = cache ? cache->profile(profile_file) : load_profile(profile_file);
  spec.inputs.push_back({role + "profile", profile_file});
  const YNode trace_node = model.required("trace");
  const std::string trace_file = resolve_path(trace_node, file, kMaxCsvFileBytes);
  if (cache) {
    spec.trace = cache->checked_trace(trace_file, profile_file);
  } else {
    spec.trace = load_trace(trace_file);
    check_trace_against_profile(spec.trace, spec.profile);
  }
  spec.inputs.push_back({role + "trace", trace_file});

  const auto partition_node = model.optional("partition");
  spec.partition = partition_node ? parse_partition(*partition_node, spec.profile) : spec.profile.partition;
  if (partition_node) {
    check_partition(*partition_node, spec);
  } else {
    // The profile's own partition, checked against this platform: errors point at the scenario's profile key.
    try {
      check_partition(profile_node, spec);
    } catch (const InputError& e) {
      throw InputError(profile_node.location(), prefix + "model.profile",
                       "partition of " + profile_file + ": " + e.key_path() + ": " + e.detail() +
                           " (override it with model.partition)");
    }
  }

  if (auto placement = model.optional("placement"))
    spec.placement = placement->as_choice({"partition", "cloud-only"}) == "partition" ? Placement::partition
                                                                                      : Placement::cloud_only;

  spec.policy = parse_policy_spec(policy_node);
  try {
    spec.exit_policy = PolicyRegistry::find(spec.policy.name)->create(spec.policy, spec.profile, spec.trace);
  } catch (const PolicyParameterError& e) {
    const std::string first_key = e.key.substr(0, e.key.find('.'));
    const YNode at = policy_node.has(first_key) ? policy_node.required(first_key) : policy_node;
    throw InputError(at.location(), join_path(prefix + "policy", e.key), e.what());
  }

  if (spec.exit_policy->may_escalate() && spec.placement == Placement::partition) {
    // Escalating skips stages: every later stage on the last tier must get what it reads without them.
    const auto stages = build_stages(spec.profile, spec.partition);
    for (int k = 0; k + 1 < static_cast<int>(stages.size()); ++k) {
      const int target = escalation_target(stages, k);
      if (stages[k].head < 0 || target <= k + 1) continue;
      if (!cost::skip_bytes(spec.profile, spec.profile.heads[stages[k].head].after, stages[target].first_layer))
        throw InputError(policy_node.required("name").location(), prefix + "policy.name",
                         "policy " + spec.policy.name + " skips from head " + spec.profile.heads[stages[k].head].name +
                             " to tier " + stages[target].tier + ", but that stage reads tensors of the skipped layers");
    }
  }

  spec.workload = parse_workload(workload_node, file, spec.platform);
  if (spec.workload.trace) spec.inputs.push_back({role + "arrivals", spec.workload.trace->file});
  if (auto deadline = workload_node.optional("deadline"))
    spec.workload.deadline_s_by_class = parse_deadline(*deadline, spec.platform);
  check_policy_context(policy_node, workload_node, spec);

}

// `applications:` (docs/formats.md, "Several applications"): each entry's model, policy and workload, and the
// devices that run it.
void parse_applications(const YNode& node, const std::string& file, ScenarioSpec& spec, InputCache* cache) {
  const std::vector<HostClassSpec>& classes = spec.platform.tiers.front().classes;
  const std::vector<int> device_class = device_classes(spec.platform);
  std::map<std::string, std::string> seen;  // name -> key path of the application that has it
  const std::vector<YNode> items = node.items();
  for (size_t k = 0; k < items.size(); ++k) {
    const YNode& item = items[k];
    item.expect_keys({"name", "description", "model", "policy", "workload", "devices"});
    if (const auto description = item.optional("description")) (void)description->as_string();
    ApplicationSpec app;
    const YNode name = item.required("name");
    app.name = name.as_string();
    if (app.name.empty() || app.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != std::string::npos)
      name.fail("an application's name is letters, digits, '_' and '-' (it names columns of results.csv)");
    if (const auto found = seen.find(app.name); found != seen.end())
      name.fail("two applications named \"" + app.name + "\" (the other one: " + found->second + ")");
    seen.emplace(app.name, item.path());
    const std::string prefix = item.path() + ".";

    std::vector<bool> runs(classes.size(), true);
    std::string which = "every device class";
    if (const auto devices = item.optional("devices")) {
      devices->expect_keys({"classes", "share"});
      if (const auto named = devices->optional("classes")) {
        runs.assign(classes.size(), false);
        which.clear();
        for (const YNode& c : named->items()) {
          const std::string class_name = c.as_string();
          size_t index = 0;
          while (index < classes.size() && classes[index].name != class_name) ++index;
          if (index == classes.size()) {
            std::string known;
            for (const auto& h : classes) known += (known.empty() ? "" : ", ") + h.name;
            c.fail("\"" + class_name + "\" is not a device class of platform " + spec.platform.file + " (device classes: " + known + ")");
          }
          if (runs[index]) c.fail("device class \"" + class_name + "\" is named twice");
          runs[index] = true;
          app.device_classes.push_back(class_name);
          which += (which.empty() ? "class " : ", ") + class_name;
        }
      }
      if (const auto share = devices->optional("share")) {
        app.share = share->as_number();
        if (!(app.share >= 0 && app.share <= 1)) share->fail("a share of the devices is in [0, 1]");
      }
    }
    // The i-th device (0-based, in device order) of the classes named runs it when floor((i + 1) x share) >
    // floor(i x share): floor(n x share) devices, spread evenly over the sites.
    long long eligible = 0;
    for (size_t d = 0; d < device_class.size(); ++d) {
      if (!runs[static_cast<size_t>(device_class[d])]) continue;
      const double before = std::floor(static_cast<double>(eligible) * app.share + 1e-9);
      const double after = std::floor(static_cast<double>(eligible + 1) * app.share + 1e-9);
      if (after > before) app.devices.push_back(static_cast<int>(d));
      ++eligible;
    }
    if (app.devices.empty()) {
      const YNode at = item.optional("devices") ? *item.optional("devices") : name;
      at.fail("no device runs application \"" + app.name + "\": a share of " + format_number(app.share) + " of the " +
              std::to_string(eligible) + " devices of " + which + " is no device");
    }

    spec.placement = Placement::partition;  // its own default, whatever the previous one set
    load_application(item.required("model"), item.required("policy"), item.required("workload"), prefix, app.name + ".",
                     file, spec, cache);
    if (spec.workload.trace) {
      // An arrival trace gives the arrivals of the devices that run the application, and only theirs.
      std::vector<bool> member(device_class.size(), false);
      for (int d : app.devices) member[static_cast<size_t>(d)] = true;
      for (size_t d = 0; d < spec.workload.trace->times_s.size(); ++d)
        if (!member[d] && !spec.workload.trace->times_s[d].empty())
          item.required("workload").required("file").fail(
              "arrivals of device " + std::to_string(d) + ", which does not run application \"" + app.name + "\"");
    }
    app.profile = std::move(spec.profile);
    app.trace = std::move(spec.trace);
    app.policy = std::move(spec.policy);
    app.exit_policy = std::move(spec.exit_policy);
    app.partition = std::move(spec.partition);
    app.placement = spec.placement;
    app.workload = std::move(spec.workload);
    spec.applications.push_back(std::move(app));
  }
  // Deadlines: every application sets one, or none does (samples.csv's deadline columns are the run's).
  for (size_t k = 1; k < spec.applications.size(); ++k)
    if (spec.applications[k].workload.deadline_s_by_class.empty() != spec.applications[0].workload.deadline_s_by_class.empty()) {
      const size_t without = spec.applications[k].workload.deadline_s_by_class.empty() ? k : 0;
      items[without].required("workload").fail("set workload.deadline in every application or in none (application \"" +
                                                 spec.applications[without == 0 ? k : 0].name + "\" sets one, \"" +
                                                 spec.applications[without].name + "\" does not)");
    }
  // The scenario's own fields: the first application's.
  const ApplicationSpec& first = spec.applications.front();
  spec.profile = first.profile;
  spec.trace = first.trace;
  spec.policy = first.policy;
  spec.exit_policy = first.exit_policy;
  spec.partition = first.partition;
  spec.placement = first.placement;
  spec.workload = first.workload;
}
}  // namespace

std::vector<ApplicationRef> application_refs(const ScenarioSpec& spec) {
  std::vector<ApplicationRef> refs;
  if (spec.applications.empty()) {
    refs.push_back({nullptr, &spec.profile, &spec.trace, spec.exit_policy.get(), &spec.partition, spec.placement,
                    &spec.workload, nullptr});
    return refs;
  }
  for (const ApplicationSpec& app : spec.applications)
    refs.push_back({&app.name, &app.profile, &app.trace, app.exit_policy.get(), &app.partition, app.placement,
                    &app.workload, &app.devices});
  return refs;
}

ScenarioSpec select_application(const ScenarioSpec& spec, const std::string& name) {
  if (spec.applications.empty()) {
    if (name.empty()) return spec;
    throw InputError(SourceLocation{"<command line>", 0, 0}, "--application",
                     "scenario " + spec.name + " has one application (no `applications:`): there is no application \"" + name + "\"");
  }
  std::string known;
  for (const ApplicationSpec& app : spec.applications) known += (known.empty() ? "" : ", ") + app.name;
  if (name.empty() && spec.applications.size() > 1)
    throw InputError(SourceLocation{"<command line>", 0, 0}, "--application",
                     "scenario " + spec.name + " has several applications: name one with --application (" + known + ")");
  for (const ApplicationSpec& app : spec.applications) {
    if (!name.empty() && app.name != name) continue;
    ScenarioSpec one = spec;
    one.profile = app.profile;
    one.trace = app.trace;
    one.policy = app.policy;
    one.exit_policy = app.exit_policy;
    one.partition = app.partition;
    one.placement = app.placement;
    one.workload = app.workload;
    one.applications = {app};
    return one;
  }
  throw InputError(SourceLocation{"<command line>", 0, 0}, "--application",
                   "scenario " + spec.name + " has no application \"" + name + "\" (applications: " + known + ")");
}

std::uint64_t expected_samples(const ScenarioSpec& spec) {
  std::uint64_t total = 0;
  for (const ApplicationRef& app : application_refs(spec)) {
    const WorkloadSpec& w = *app.workload;
    if (w.trace) {
      total += static_cast<std::uint64_t>(estimate_arrivals(w, spec.platform, app.devices).samples);
      continue;
    }
    if (!w.samples_per_device) return 0;  // bounded by a duration: not known in advance
    const std::uint64_t devices = app.devices ? app.devices->size() : static_cast<std::uint64_t>(spec.platform.device_count());
    total += devices * static_cast<std::uint64_t>(*w.samples_per_device);
  }
  return total;
}

WorkEstimate estimate_work(const ScenarioSpec& spec) {
  WorkEstimate e;
  long long site_hosts = 0, central_hosts = 0;
  for (const auto& tier : spec.platform.tiers)
    for (const auto& c : tier.classes) {
      if (tier.scope == TierScope::site) site_hosts += c.count;
      if (tier.scope == TierScope::central) central_hosts += c.count;
    }
  const long long devices = spec.platform.device_count();
  e.hosts = devices + static_cast<long long>(spec.platform.sites) * site_hosts + central_hosts;
  e.links = devices + spec.platform.sites + 1;  // access per device, uplink per site, the ingress
  for (const ApplicationRef& app : application_refs(spec)) {
    const ArrivalEstimate arrivals = estimate_arrivals(*app.workload, spec.platform, app.devices);
    e.samples += arrivals.samples;
    e.arrivals_end_s = std::max(e.arrivals_end_s, arrivals.arrivals_end_s);
  }
  e.windows_per_link = e.arrivals_end_s / spec.outputs.utilization_window_s + 1;
  e.memory_bytes = 64.0 * (1 << 20) + 16384.0 * static_cast<double>(e.hosts + e.links) + 16.0 * e.samples +
                   4.0 * e.windows_per_link * static_cast<double>(e.links);
  return e;
}

namespace {

std::string gib(double bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g GiB", bytes / (1ull << 30));
  return buffer;
}

// Refuses a scenario whose estimated work exceeds the limits, at the key that drives the estimate.
void check_work(const YNode& root, const ScenarioSpec& spec, const ScenarioLimits& limits) {
  const WorkEstimate e = estimate_work(spec);
  // The workload that drives the estimate: the one application's, or that of the application with most arrivals.
  // (A YNode is never assigned to: yaml-cpp's assignment writes into the node it refers to.)
  const auto driving_workload = [&]() -> YNode {
    if (spec.applications.empty()) return root.required("workload");
    const std::vector<ApplicationRef> refs = application_refs(spec);
    size_t largest = 0;
    double most = -1;
    for (size_t k = 0; k < refs.size(); ++k) {
      const double samples = estimate_arrivals(*refs[k].workload, spec.platform, refs[k].devices).samples;
      if (samples > most) {
        most = samples;
        largest = k;
      }
    }
    return root.required("applications").items()[largest].required("workload");
  };
  const YNode workload = driving_workload();
  const YNode count_key = workload.optional("samples_per_device") ? *workload.optional("samples_per_device")
                          : workload.optional("duration")         ? *workload.optional("duration")
                                                                  : workload.required("file");  // a whole trace
  if (e.samples > limits.max_samples) {
    char text[160];
    std::snprintf(text, sizeof text, "%.4g samples (%d devices), at most %.4g per run", e.samples,
                  spec.platform.device_count(), limits.max_samples);
    count_key.fail(text);
  }
  if (e.memory_bytes <= limits.max_memory_bytes) return;
  const double hosts_part = 16384.0 * static_cast<double>(e.hosts + e.links);
  const double samples_part = 16.0 * e.samples;
  const double windows_part = 4.0 * e.windows_per_link * static_cast<double>(e.links);
  char text[400];
  std::snprintf(text, sizeof text,
                "estimated memory %s exceeds the limit %s (--max-memory): %lld hosts and %lld links %s, %.4g samples "
                "%s, %.4g utilization windows x %lld links %s",
                gib(e.memory_bytes).c_str(), gib(limits.max_memory_bytes).c_str(), e.hosts, e.links,
                gib(hosts_part).c_str(), e.samples, gib(samples_part).c_str(), e.windows_per_link, e.links,
                gib(windows_part).c_str());
  if (windows_part >= hosts_part && windows_part >= samples_part) {
    const auto outputs = root.optional("outputs");
    if (outputs && outputs->optional("utilization_window")) outputs->optional("utilization_window")->fail(text);
    count_key.fail(text);
  }
  if (samples_part >= hosts_part) count_key.fail(text);
  root.required("platform").fail(text);
}

}  // namespace

ScenarioSpec load_scenario(const std::string& file, const std::vector<std::string>& overrides,
                           std::optional<std::uint64_t> seed, const ScenarioLimits& limits,
                           InputCache* cache) {
  YNode loaded = YNode::load_file(file);
  auto origin = std::make_shared<YamlOrigin>();
  origin->file = file;
  YAML::Node tree = loaded.raw();
  if (!tree.IsMap()) loaded.fail("a scenario is a map of keys");
  // `platform.<key.path>` reaches into the platform file when `platform` names a file.
  std::vector<std::pair<std::string, std::string>> platform_overrides;
  for (const auto& assignment : overrides) {
    const auto [path, value] = split_assignment(assignment);
    if (path.rfind("platform.", 0) == 0 && tree["platform"].IsScalar()) {
      platform_overrides.emplace_back(path.substr(std::string("platform.").size()), value);
      continue;
    }
    origin->overridden.insert(apply_override(tree, path, value, path));
  }
  const YNode root(tree, "", origin);

  root.expect_keys({"name", "description", "seed", "platform", "model", "policy", "workload", "applications", "network",
                    "servers", "outputs", "failures", "recovery", "mobility", "orchestration"});
  if (const auto description = root.optional("description")) (void)description->as_string();  // text, if given
  ScenarioSpec spec;
  spec.file = file;
  spec.inputs.push_back({"scenario", file});
  spec.name = root.required("name").as_string();
  if (auto s = root.optional("seed")) spec.seed = static_cast<std::uint64_t>(s->as_int(0, (1LL << 62)));
  if (seed) spec.seed = *seed;

  const YNode platform_node = root.required("platform");
  const std::string platform_file = resolve_path(platform_node, file, kMaxYamlFileBytes);
  if (cache && platform_overrides.empty()) {
    spec.platform = cache->platform(platform_file);
  } else {
    const YNode platform_loaded = YNode::load_file(platform_file);
    auto platform_origin = std::make_shared<YamlOrigin>();
    platform_origin->file = platform_file;
    platform_origin->override_prefix = "platform.";
    YAML::Node platform_tree = platform_loaded.raw();
    for (const auto& [path, value] : platform_overrides)
      platform_origin->overridden.insert(apply_override(platform_tree, path, value, "platform." + path));
    // Errors in overridden values name the platform key path (e.g. links.uplink.bandwidth).
    spec.platform = parse_platform(YNode(platform_tree, "", platform_origin));
  }
  spec.inputs.push_back({"platform", platform_file});
  {
    // Profile CSV files are inputs too (their checksums go into the manifest).
    const auto add_profile_inputs = [&spec](const std::string& owner, const auto& profiles) {
      for (const auto& [kind, profile] : profiles)
        if (*profile && !(*profile)->file.empty()) spec.inputs.push_back({"profile:" + owner + "." + kind, (*profile)->file});
    };
    for (const auto& tier : spec.platform.tiers)
      for (const auto& c : tier.classes)
        add_profile_inputs(tier.name + "/" + c.name, std::vector<std::pair<std::string, const std::optional<ValueProfile>*>>{
                                                         {"speed", &c.profiles.speed}, {"availability", &c.profiles.availability}});
    for (LinkClass link_class : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
      if (const LinkSpec* link = spec.platform.link(link_class))
        add_profile_inputs(link_class_name(link_class),
                           std::vector<std::pair<std::string, const std::optional<ValueProfile>*>>{
                               {"bandwidth", &link->profiles.bandwidth},
                               {"latency", &link->profiles.latency},
                               {"availability", &link->profiles.availability}});
  }

  if (const auto applications = root.optional("applications")) {
    for (const char* key : {"model", "policy", "workload"})
      if (const auto single = root.optional(key))
        single->fail("give either `applications` or the one application's model, policy and workload, not both");
    parse_applications(*applications, file, spec, cache);
  } else {
    load_application(root.required("model"), root.required("policy"), root.required("workload"), "", "", file, spec, cache);
  }

  const YNode network = root.required("network");
  network.expect_keys({"model", "tcp_window", "tcp"});
  const std::string model_name = network.required("model").as_choice({"CM02", "LV08", "ns-3"});
  spec.network_model = model_name == "CM02"   ? NetworkModel::CM02
                       : model_name == "LV08" ? NetworkModel::LV08
                                              : NetworkModel::ns3;
  if (auto window = network.optional("tcp_window")) {
    spec.tcp_window_bytes = window->as_quantity(QuantityKind::data_size, true);
    if (spec.tcp_window_bytes < 1 || spec.tcp_window_bytes > 1099511627776.0)
      window->fail("must be between 1B and 1TiB");
  }

  if (auto servers = root.optional("servers")) {
    servers->expect_keys({"discipline"});
    if (auto d = servers->optional("discipline"))
      spec.discipline = d->as_choice({"fifo", "processor-sharing"}) == "fifo" ? ServerDiscipline::fifo
                                                                               : ServerDiscipline::processor_sharing;
  }
  spec.orchestration = parse_orchestration(root.optional("orchestration"), spec.platform,
                                           spec.network_model == NetworkModel::ns3);
  spec.failures = parse_failures(root.optional("failures"), root.optional("recovery"), spec.platform);
  if (auto tcp = network.optional("tcp")) {
    if (spec.network_model == NetworkModel::ns3)
      tcp->fail("applies to the flow-level models (CM02, LV08): ns-3 simulates TCP itself");
    spec.tcp = parse_tcp(*tcp, spec);
  }
  if (spec.network_model == NetworkModel::ns3) check_ns3(network.required("model"), spec);
  spec.outputs.events = spec.outputs.link_windows = spec.platform.has_profiles() || spec.failures.any;
  // A wireless access logs its handovers, losses of coverage and re-associations there too.
  if (spec.platform.access && spec.platform.access->wifi) spec.outputs.events = true;
  // So does an empty battery (docs/outputs.md, "events.csv": battery_empty).
  if (spec.platform.has_batteries()) spec.outputs.events = true;
  if (auto outputs = root.optional("outputs")) {
    outputs->expect_keys({"samples", "hosts", "links", "utilization_window", "compute_energy_view", "events",
                          "link_windows"});
    if (auto v = outputs->optional("events")) spec.outputs.events = v->as_bool();
    if (auto v = outputs->optional("link_windows")) spec.outputs.link_windows = v->as_bool();
    if (auto v = outputs->optional("compute_energy_view"))
      spec.outputs.compute_energy_view = v->as_choice({"host-dynamic", "analytic"}) == "analytic"
                                             ? ComputeEnergyView::analytic
                                             : ComputeEnergyView::host_dynamic;
    if (auto v = outputs->optional("utilization_window"))
      spec.outputs.utilization_window_s = v->as_quantity(QuantityKind::time, true);
    if (auto v = outputs->optional("samples")) spec.outputs.samples = v->as_bool();
    if (auto v = outputs->optional("hosts")) spec.outputs.hosts = v->as_bool();
    if (auto v = outputs->optional("links")) spec.outputs.links = v->as_bool();
  }
  if (auto mobility = root.optional("mobility")) {
    spec.mobility = parse_mobility(*mobility, spec.platform,
                                   [&](const YNode& key) { return resolve_path(key, file, kMaxCsvFileBytes); });
    for (size_t k = 0; k < spec.mobility->trace_files.size(); ++k)
      spec.inputs.push_back({k == 0 ? "mobility_trace" : "mobility_trace_" + std::to_string(k + 1),
                             spec.mobility->trace_files[k]});
  } else if (spec.platform.access && spec.platform.access->wifi) {
    spec.mobility.emplace();
    spec.mobility->devices = default_device_mobility(spec.platform);  // wired devices of a mixed access too
  }
  check_work(root, spec, limits);
  return spec;
}

std::optional<InputCache::Stamp> InputCache::stamp(const std::string& file) {
  std::error_code error;
  Stamp out;
  out.bytes = std::filesystem::file_size(file, error);
  if (error) return std::nullopt;
  out.modified = std::filesystem::last_write_time(file, error);
  if (error) return std::nullopt;
  return out;
}

namespace {

// The cached value of `key` when the files it was made from are unchanged, else make(), cached.
template <typename Map, typename Key, typename Stamps, typename Make>
const auto& cached(Map& map, const Key& key, const Stamps& stamps, Make make) {
  const auto found = map.find(key);
  if (stamps && found != map.end() && found->second.stamps == *stamps) return found->second.value;
  auto value = make();  // reports a missing or bad file
  using Entry = typename Map::mapped_type;
  if (!stamps) return map.insert_or_assign(key, Entry{{}, std::move(value)}).first->second.value;
  return map.insert_or_assign(key, Entry{*stamps, std::move(value)}).first->second.value;
}

template <typename Stamp>
std::optional<std::vector<Stamp>> all_of(std::initializer_list<std::optional<Stamp>> stamps) {
  std::vector<Stamp> out;
  for (const auto& s : stamps) {
    if (!s) return std::nullopt;
    out.push_back(*s);
  }
  return out;
}

}  // namespace

const Trace& InputCache::trace(const std::string& file) {
  return cached(traces_, file, all_of({stamp(file)}), [&] { return load_trace(file); });
}

const ModelProfile& InputCache::profile(const std::string& file) {
  return cached(profiles_, file, all_of({stamp(file)}), [&] { return load_profile(file); });
}

const Trace& InputCache::checked_trace(const std::string& trace_file, const std::string& profile_file) {
  return cached(checked_, std::make_pair(trace_file, profile_file), all_of({stamp(trace_file), stamp(profile_file)}),
                [&] {
                  Trace checked = trace(trace_file);
                  check_trace_against_profile(checked, profile(profile_file));
                  return checked;
                });
}

const PlatformSpec& InputCache::platform(const std::string& file) {
  return cached(platforms_, file, all_of({stamp(file)}), [&] {
    const YNode loaded = YNode::load_file(file);
    auto origin = std::make_shared<YamlOrigin>();
    origin->file = file;
    origin->override_prefix = "platform.";
    return parse_platform(YNode(loaded.raw(), "", origin));
  });
}

namespace {

// One arrival process as manifest.json records it (keys in alphabetical order, as nlohmann writes them).
nlohmann::json arrival_process_to_json(const ArrivalSpec& p) {
  using nlohmann::json;
  json out = {{"arrivals", arrival_process_name(p.arrivals)}};
  switch (p.arrivals) {
    case ArrivalProcess::periodic:
      out["phase"] = p.random_phase ? "random" : "zero";
      [[fallthrough]];
    case ArrivalProcess::poisson: out["rate_per_s"] = p.rate_per_s; break;
    case ArrivalProcess::bursty:
      out["states"] = json::array();
      for (int i = 0; i < 2; ++i)
        out["states"].push_back({{"rate_per_s", p.state_rate_per_s[i]}, {"mean_sojourn_s", p.mean_sojourn_s[i]}});
      break;
    case ArrivalProcess::profile:
      out["profile"] = json::array();
      for (size_t i = 0; i < p.profile.time_s.size(); ++i)
        out["profile"].push_back({{"time_s", p.profile.time_s[i]}, {"rate_per_s", p.profile.rate_per_s[i]}});
      if (p.profile.period_s) out["period_s"] = *p.profile.period_s;
      break;
    case ArrivalProcess::trace: break;
  }
  return out;
}

// An application's model, policy and workload as manifest.json records them.
struct ApplicationJson {
  nlohmann::json model, policy, workload;
};
ApplicationJson application_to_json(const PlatformSpec& platform, const ModelProfile& profile, const Trace& trace,
                                    const std::vector<PartitionSegment>& partition_segments, Placement placement,
                                    const PolicySpec& policy_spec, const WorkloadSpec& workload_spec) {
  using nlohmann::json;
  json partition = json::array();
  for (const auto& segment : partition_segments)
    partition.push_back({{"tier", segment.tier}, {"until", profile.layers[segment.last_layer].name}});
  json policy = {{"name", policy_spec.name}};
  if (policy_spec.threshold) policy["threshold"] = *policy_spec.threshold;
  if (!policy_spec.thresholds.empty()) policy["thresholds"] = policy_spec.thresholds;
  for (const auto& [key, value] : policy_spec.numbers) policy[key] = value;
  const PolicyInfo* policy_info = PolicyRegistry::find(policy_spec.name);
  for (const auto& [key, value] : policy_spec.words) {
    const bool structured = policy_info && policy_info->kinds.count(key) && policy_info->kinds.at(key) == "json";
    policy[key] = structured ? json::parse(value) : json(value);  // params of a Python policy: as given
  }
  json workload = arrival_process_to_json(workload_spec);
  workload["order"] = workload_spec.order == SampleOrder::sequential ? "sequential"
                      : workload_spec.order == SampleOrder::shuffled ? "shuffled"
                                                                     : "replacement";
  workload["result_size_bytes"] = workload_spec.result_bytes;
  if (workload_spec.trace) workload["file"] = workload_spec.trace->file;
  if (!workload_spec.by_class.empty()) {
    json classes = json::object();
    for (size_t k = 0; k < workload_spec.by_class.size(); ++k)
      if (workload_spec.by_class[k])
        classes[platform.tiers.front().classes[k].name] = arrival_process_to_json(*workload_spec.by_class[k]);
    workload["classes"] = classes;
  }
  if (workload_spec.samples_per_device) workload["samples_per_device"] = *workload_spec.samples_per_device;
  if (workload_spec.duration_s) workload["duration_s"] = *workload_spec.duration_s;
  if (!workload_spec.deadline_s_by_class.empty()) {
    json deadline = json::object();
    const auto& classes = platform.tiers.front().classes;
    for (size_t c = 0; c < classes.size(); ++c) deadline[classes[c].name] = workload_spec.deadline_s_by_class[c];
    workload["deadline_s"] = deadline;
  }
  json model = {{"profile", profile.name}, {"trace_rows", trace.rows()}, {"partition", partition}};
  if (placement != Placement::partition) model["placement"] = "cloud-only";  // absent: partition
  return {model, policy, workload};
}

}  // namespace

nlohmann::json scenario_to_json(const ScenarioSpec& spec) {
  using nlohmann::json;
  const ApplicationJson one = application_to_json(spec.platform, spec.profile, spec.trace, spec.partition, spec.placement,
                                                  spec.policy, spec.workload);
  const json& model = one.model;
  const json& policy = one.policy;
  const json& workload = one.workload;
  json inputs = json::object();
  for (const auto& in : spec.inputs) inputs[in.role] = in.path;
  json outputs = {{"samples", spec.outputs.samples}, {"hosts", spec.outputs.hosts}, {"links", spec.outputs.links},
                  {"utilization_window_s", spec.outputs.utilization_window_s},
                  {"compute_energy_view", compute_energy_view_name(spec.outputs.compute_energy_view)}};
  // Present only when on, so that runs without profiles keep their manifests.
  if (spec.outputs.events) outputs["events"] = true;
  if (spec.outputs.link_windows) outputs["link_windows"] = true;
  json send_flows = json::object();
  for (const auto& tier : spec.platform.tiers)
    send_flows[tier.name] = tier.send_flows == TierSpec::kUnlimitedSendFlows ? json("unlimited") : json(tier.send_flows);
  json network = {{"model", network_model_name(spec.network_model)}, {"tcp_window_bytes", spec.tcp_window_bytes}};
  if (spec.tcp)  // present only when set, so that runs without it keep their manifests
    network["tcp"] = {{"connections", spec.tcp->connections == cost::TcpConnections::persistent ? "persistent" : "per-request"},
                      {"initial_window_segments", spec.tcp->initial_window_segments},
                      {"mss_bytes", spec.tcp->mss_bytes},
                      {"slow_start_after_idle", spec.tcp->slow_start_after_idle}};
  json out = {{"name", spec.name},
          {"seed", spec.seed},
          {"inputs", inputs},
          {"platform", {{"name", spec.platform.name}, {"sites", spec.platform.sites},
                        {"devices", spec.platform.device_count()}, {"send_flows", send_flows}}},
          {"model", model},
          {"policy", policy},
          {"workload", workload},
          {"network", network},
          {"servers", {{"discipline", spec.discipline == ServerDiscipline::fifo ? "fifo" : "processor-sharing"}}},
          {"outputs", outputs}};
  if (!spec.applications.empty()) {  // `applications:` instead of the one model, policy and workload
    out.erase("model");
    out.erase("policy");
    out.erase("workload");
    json applications = json::array();
    for (const ApplicationSpec& app : spec.applications) {
      const ApplicationJson parts = application_to_json(spec.platform, app.profile, app.trace, app.partition,
                                                        app.placement, app.policy, app.workload);
      applications.push_back({{"name", app.name},
                              {"devices", {{"classes", app.device_classes}, {"share", app.share}, {"count", app.devices.size()}}},
                              {"model", parts.model},
                              {"policy", parts.policy},
                              {"workload", parts.workload}});
    }
    out["applications"] = applications;
  }
  // Present only when a tier is not least-loaded, so that other runs keep their manifests.
  if (spec.orchestration.any()) {
    json rules = json::object();
    for (size_t t = 0; t < spec.platform.tiers.size(); ++t) {
      if (spec.platform.tiers[t].scope == TierScope::device) continue;
      const TierOrchestration& o = spec.orchestration.tiers[t];
      json rule = {{"rule", o.rule == OrchestrationRule::custom ? o.custom_name : orchestration_rule_name(o.rule)}};
      for (const auto& [key, value] : o.custom_words) rule[key] = key == "params" ? json::parse(value) : json(value);
      if (o.rule == OrchestrationRule::custom) rule["candidates"] = o.all_sites ? "all-sites" : "site";
      if (o.rule == OrchestrationRule::nearest_available && std::isfinite(o.queue_bound)) rule["queue_bound"] = o.queue_bound;
      if (o.rule == OrchestrationRule::shortest_expected_finish) rule["advertise_period_s"] = o.advertise_period_s;
      rules[spec.platform.tiers[t].name] = rule;
    }
    out["orchestration"] = rules;
  }
  // Present only when something can fail, so that runs without failures keep their manifests.
  if (spec.failures.any) {
    json random = json::object();
    for (const auto& r : spec.failures.random) random[r.target] = {{"mttf_s", r.mttf_s}, {"mttr_s", r.mttr_s}};
    out["failures"] = {{"random", random},
                       {"recovery", {{"policy", recovery_policy_name(spec.failures.recovery.policy)},
                                     {"detection_timeout_s", spec.failures.recovery.detection_timeout_s},
                                     {"max_retries", spec.failures.recovery.max_retries}}}};
  }
  if (spec.mobility) {
    const MobilitySpec& m = *spec.mobility;
    json models = json::object();
    for (const DeviceMobility& d : m.devices) {
      const char* name = d.model == DeviceMobility::Model::home              ? "home"
                         : d.model == DeviceMobility::Model::fixed           ? "position"
                         : d.model == DeviceMobility::Model::random_waypoint ? "random_waypoint"
                         : d.model == DeviceMobility::Model::wired           ? "wired"
                                                                             : "trace";
      models[name] = models.value(name, 0) + 1;
    }
    out["mobility"] = {{"handover_delay_s", m.handover_delay_s},
                       {"out_of_coverage", m.out_of_coverage == MobilitySpec::OutOfCoverage::wait ? "wait" : "give_up"},
                       {"devices_by_model", models}};
  }
  return out;
}

}  // namespace hybridfog
