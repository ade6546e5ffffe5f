#include "metrics/recorder.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <stdexcept>

#include "core/number_format.hpp"
#include "core/units.hpp"

namespace hybridfog {

namespace {

std::FILE* open_for_writing(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (!file) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  return file;
}

void close_checked(std::FILE* file, const std::string& path) {
  if (std::ferror(file) != 0 || std::fclose(file) != 0)
    throw std::runtime_error("error while writing " + path + ": " + std::strerror(errno));
}

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

Recorder::Recorder(RecorderLayout layout, const std::string& samples_csv)
    : layout_(std::move(layout)), samples_path_(samples_csv), exits_(layout_.head_names.size(), 0) {
  int offset = 0;
  for (const auto& app : layout_.applications) {
    head_offset_.push_back(offset);
    offset += static_cast<int>(app.head_names.size());
    PerApplication per;
    per.exits.assign(app.head_names.size(), 0);
    by_application_.push_back(std::move(per));
  }
  if (!samples_csv.empty()) {
    samples_file_ = open_for_writing(samples_csv);
    std::fputs(layout_.applications.empty() ? "sample_id," : "sample_id,application,", samples_file_);
    std::fputs("device,trace_row,dataset_sample,exit,correct,arrival_s,finish_s,latency_s,compute_s,queue_s,"
               "send_queue_s,transfer_s,bytes_sent,host_dynamic_energy_j,compute_energy_j,radio_energy_j,network_energy_j,energy_j,"
               "batch_size,batch_wait_s",
               samples_file_);
    // One outcome column for failures and losses of coverage alike (docs/outputs.md, "samples.csv").
    if (layout_.failures || layout_.mobility || layout_.batteries)
      std::fputs(",outcome,losses,retries,recovery_wait_s", samples_file_);
    if (layout_.mobility) std::fputs(",origin_site,handovers,coverage_wait_s", samples_file_);
    if (layout_.deadlines) std::fputs(",deadline_s,late,fallback", samples_file_);
    if (layout_.policy_threshold) std::fputs(",policy_threshold", samples_file_);
    for (size_t t = 0; t < layout_.server_tiers.size(); ++t) {
      std::fprintf(samples_file_, ",%s_host", layout_.server_tiers[t].c_str());
      if (layout_.server_tier_sites[t]) std::fprintf(samples_file_, ",%s_site", layout_.server_tiers[t].c_str());
    }
    std::fputc('\n', samples_file_);
  }
}

Recorder::~Recorder() {
  if (samples_file_) std::fclose(samples_file_);
}

void Recorder::record_sample(const SampleRecord& s) {
  ++samples_;
  correct_ += s.correct ? 1 : 0;
  const double latency = s.finish_s - s.arrival_s;
  const bool given_up = s.given_up();
  if (!given_up) {  // latencies and their parts describe answers; a given-up sample has none
    ++answered_;
    ++exits_[head_offset_.empty() ? s.exit_head : head_offset_[static_cast<size_t>(s.application)] + s.exit_head];
    latencies_s_.push_back(latency);
    compute_s_ += s.compute_s;
    queue_s_ += s.queue_s;
    send_queue_s_ += s.send_queue_s;
    transfer_s_ += s.transfer_s;
    coverage_wait_s_ += s.coverage_wait_s;
  }
  fell_back_ += s.outcome == SampleRecord::Outcome::fell_back ? 1 : 0;
  given_up_ += given_up ? 1 : 0;
  given_up_battery_ += s.outcome == SampleRecord::Outcome::battery ? 1 : 0;
  given_up_device_down_ += s.outcome == SampleRecord::Outcome::device_down ? 1 : 0;
  retried_ += s.retries > 0 ? 1 : 0;
  retries_ += static_cast<std::uint64_t>(s.retries);
  losses_ += static_cast<std::uint64_t>(s.losses);
  bytes_sent_ += s.bytes_sent;
  caused_energy_j_ += s.energy_j;
  if (layout_.deadlines) {
    late_ += s.late ? 1 : 0;
    fallbacks_ += s.fallback ? 1 : 0;
    correct_in_time_ += s.correct && !s.late ? 1 : 0;
    // A fallback answers at the deadline; a given-up sample has no answer (a miss, no latency).
    if (!given_up) deadline_ratios_.push_back(s.fallback ? 1.0 : latency / s.deadline_s);
  }
  const std::string* exit_name = nullptr;
  if (!given_up)
    exit_name = layout_.applications.empty() ? &layout_.head_names[s.exit_head]
                                             : &layout_.applications[static_cast<size_t>(s.application)].head_names[s.exit_head];
  if (!layout_.applications.empty()) {
    PerApplication& per = by_application_[static_cast<size_t>(s.application)];
    ++per.samples;
    per.correct += s.correct ? 1 : 0;
    per.given_up += given_up ? 1 : 0;
    per.bytes_sent += s.bytes_sent;
    per.caused_energy_j += s.energy_j;
    per.late += s.late ? 1 : 0;
    per.correct_in_time += s.correct && !s.late ? 1 : 0;
    if (!given_up) {
      ++per.answered;
      ++per.exits[s.exit_head];
      per.latencies_s.push_back(latency);
      per.latency_sum_s += latency;
    }
  }
  if (samples_file_) {
    if (!layout_.applications.empty())
      std::fprintf(samples_file_, "%llu,%s,", static_cast<unsigned long long>(s.id),
                   layout_.applications[static_cast<size_t>(s.application)].name.c_str());
    else
      std::fprintf(samples_file_, "%llu,", static_cast<unsigned long long>(s.id));
    std::fprintf(samples_file_, "%d,%d,%d,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s",
                 s.device, s.trace_row, s.dataset_sample,
                 given_up ? "" : exit_name->c_str(), s.correct ? 1 : 0, format_number(s.arrival_s).c_str(),
                 format_number(s.finish_s).c_str(), format_number(latency).c_str(), format_number(s.compute_s).c_str(),
                 format_number(s.queue_s).c_str(), format_number(s.send_queue_s).c_str(),
                 format_number(s.transfer_s).c_str(),
                 format_number(s.bytes_sent).c_str(), format_number(s.host_dynamic_energy_j).c_str(),
                 format_number(s.compute_energy_j).c_str(), format_number(s.radio_energy_j).c_str(),
                 format_number(s.network_energy_j).c_str(), format_number(s.energy_j).c_str(), s.batch_size,
                 format_number(s.batch_wait_s).c_str());
    if (layout_.failures || layout_.mobility || layout_.batteries) {
      static const char* const kOutcomes[] = {"completed", "fell_back", "given_up", "battery", "device_down"};
      std::fprintf(samples_file_, ",%s,%d,%d,%s", kOutcomes[static_cast<int>(s.outcome)], s.losses, s.retries,
                   format_number(s.recovery_wait_s).c_str());
    }
    if (layout_.mobility)
      std::fprintf(samples_file_, ",%d,%d,%s", s.origin_site, s.handovers, format_number(s.coverage_wait_s).c_str());
    if (layout_.deadlines)
      std::fprintf(samples_file_, ",%s,%d,%d", format_number(s.deadline_s).c_str(), s.late ? 1 : 0, s.fallback ? 1 : 0);
    if (layout_.policy_threshold) {
      std::fputc(',', samples_file_);
      if (!std::isnan(s.policy_threshold)) std::fputs(format_number(s.policy_threshold).c_str(), samples_file_);
    }
    for (size_t t = 0; t < layout_.server_tiers.size(); ++t) {
      std::fprintf(samples_file_, ",%s", s.server_hosts[t].c_str());
      if (layout_.server_tier_sites[t]) std::fprintf(samples_file_, ",%d", s.server_sites[t]);
    }
    std::fputc('\n', samples_file_);
  }
}

void Recorder::finish(std::vector<HostRecord> hosts, std::vector<LinkRecord> links, double sim_time_s,
                      double wall_time_s) {
  hosts_ = std::move(hosts);
  links_ = std::move(links);
  sim_time_s_ = sim_time_s;
  wall_time_s_ = wall_time_s;
  std::sort(latencies_s_.begin(), latencies_s_.end());
  std::sort(deadline_ratios_.begin(), deadline_ratios_.end());
  for (PerApplication& per : by_application_) std::sort(per.latencies_s.begin(), per.latencies_s.end());
  if (samples_file_) {
    std::FILE* file = samples_file_;
    samples_file_ = nullptr;
    close_checked(file, samples_path_);
  }
}

nlohmann::json Recorder::summary() const {
  using nlohmann::json;
  const double n = static_cast<double>(samples_);
  const double answered = static_cast<double>(answered_);  // == n unless samples were given up
  json exit_fraction = json::object();
  json exit_count = json::object();
  for (size_t h = 0; h < exits_.size(); ++h) {
    exit_fraction[layout_.head_names[h]] = n > 0 ? static_cast<double>(exits_[h]) / n : 0.0;
    exit_count[layout_.head_names[h]] = exits_[h];
  }
  double latency_sum = 0;
  for (double l : latencies_s_) latency_sum += l;

  std::map<std::string, double> energy_by_tier, compute_energy_by_tier;
  for (const auto& t : layout_.tier_names) energy_by_tier[t] = compute_energy_by_tier[t] = 0;
  double energy_total = 0, compute_energy_total = 0;
  // The energy account: per tier and component (docs/outputs.md, "Energy account").
  struct Components {
    double host_idle = 0, host_dynamic = 0, compute_analytic = 0, radio_idle = 0, radio_above_idle = 0;
  };
  std::map<std::string, Components> account;
  bool any_radio = false;
  for (const auto& h : hosts_) {
    energy_by_tier[h.tier] += h.energy_j;
    compute_energy_by_tier[h.tier] += h.compute_energy_j;
    energy_total += h.energy_j;
    compute_energy_total += h.compute_energy_j;
    Components& c = account[h.tier];
    c.host_idle += h.idle_energy_j;
    c.host_dynamic += h.energy_j - h.idle_energy_j;
    c.compute_analytic += h.compute_energy_j;
    if (h.radio_energy_j) {
      any_radio = true;
      c.radio_idle += *h.radio_idle_energy_j;
      c.radio_above_idle += *h.radio_energy_j - *h.radio_idle_energy_j;
    }
  }
  std::map<std::string, double> bytes_by_class, network_energy_by_class;
  double network_energy_total = 0;
  bool any_network_energy = false;
  for (const auto& l : links_) {
    bytes_by_class[l.link_class] += l.bytes;
    if (l.energy_j) {
      any_network_energy = true;
      network_energy_by_class[l.link_class] += *l.energy_j;
      network_energy_total += *l.energy_j;
    }
  }
  const auto ordered = [this](const std::map<std::string, double>& by_tier) {
    json out = json::object();
    for (const auto& t : layout_.tier_names) out[t] = by_tier.at(t);
    return out;
  };
  json summary = {
      {"samples", samples_},
      {"accuracy", n > 0 ? static_cast<double>(correct_) / n : 0.0},
      {"correct", correct_},
      {"heads", layout_.head_names},
      {"exit_fraction", exit_fraction},
      {"exit_count", exit_count},
      {"latency_s",
       {{"mean", answered > 0 ? latency_sum / answered : 0.0},
        {"p50", percentile(latencies_s_, 50)},
        {"p95", percentile(latencies_s_, 95)},
        {"p99", percentile(latencies_s_, 99)},
        {"max", latencies_s_.empty() ? 0.0 : latencies_s_.back()}}},
      {"latency_parts_mean_s",
       {{"compute", answered > 0 ? compute_s_ / answered : 0.0},
        {"queue", answered > 0 ? queue_s_ / answered : 0.0},
        {"send_queue", answered > 0 ? send_queue_s_ / answered : 0.0},
        {"transfer", answered > 0 ? transfer_s_ / answered : 0.0}}},
      {"energy_j", {{"total", energy_total}, {"by_tier", ordered(energy_by_tier)}}},
      {"compute_energy_j", {{"total", compute_energy_total}, {"by_tier", ordered(compute_energy_by_tier)}}},
      {"bytes", {{"total", bytes_sent_}, {"by_link_class", bytes_by_class}}},
      {"sim_time_s", sim_time_s_},
      {"wall_time_s", wall_time_s_},
  };
  // Per link class: mean of the links' mean utilisation, and the highest peak of any of them.
  std::map<std::string, std::pair<double, int>> mean_by_class;
  std::map<std::string, double> peak_by_class;
  for (const auto& l : links_) {
    auto& [sum, count] = mean_by_class[l.link_class];
    sum += l.mean_utilization;
    ++count;
    peak_by_class[l.link_class] = std::max(peak_by_class[l.link_class], l.peak_utilization);
  }
  json utilization = json::object();
  for (const auto& [link_class, sum_count] : mean_by_class)
    utilization[link_class] = {{"mean", sum_count.first / sum_count.second}, {"peak", peak_by_class[link_class]}};
  summary["link_utilization"] = utilization;
  summary["network_energy_j"] =
      any_network_energy ? json{{"total", network_energy_total}, {"by_link_class", network_energy_by_class}} : json(nullptr);

  json by_tier = json::object();
  Components all;
  for (const auto& t : layout_.tier_names) {
    const Components& c = account[t];
    by_tier[t] = {{"host_idle", c.host_idle},
                  {"host_dynamic", c.host_dynamic},
                  {"compute_analytic", c.compute_analytic},
                  {"radio_idle", c.radio_idle},
                  {"radio_above_idle", c.radio_above_idle}};
    all.host_idle += c.host_idle;
    all.host_dynamic += c.host_dynamic;
    all.compute_analytic += c.compute_analytic;
    all.radio_idle += c.radio_idle;
    all.radio_above_idle += c.radio_above_idle;
  }
  const double idle = all.host_idle + all.radio_idle;
  summary["energy_account_j"] = {
      {"compute_view", layout_.compute_view},
      {"by_tier", by_tier},
      {"total", {{"host_idle", all.host_idle},
                 {"host_dynamic", all.host_dynamic},
                 {"compute_analytic", all.compute_analytic},
                 {"radio_idle", all.radio_idle},
                 {"radio_above_idle", all.radio_above_idle},
                 {"network", network_energy_total}}},
      {"radio_modelled", any_radio},
      {"fleet_total", idle + all.host_dynamic + all.radio_above_idle + network_energy_total},
      {"idle_total", idle},
      {"caused_total", caused_energy_j_},
      {"caused_per_sample", n > 0 ? caused_energy_j_ / n : 0.0}};
  if (layout_.prices)
    summary[cost_key(layout_.prices->currency)] = cost_account(*layout_.prices, layout_.tier_names, hosts_, links_,
                                                               sim_time_s_, samples_, layout_.compute_view == "analytic");
  const RunIdentity& run = layout_.run;
  summary["scenario"] = run.scenario;
  summary["policy"] = run.policy;
  summary["policy_threshold"] = run.policy_threshold ? json(*run.policy_threshold) : json(nullptr);
  if (!run.policy_thresholds.empty()) summary["policy_thresholds"] = run.policy_thresholds;
  summary["seed"] = run.seed;
  // One account of every arrival, whatever ended it (a failure or a loss of coverage): arrivals = completed +
  // fell back + given up (docs/outputs.md, "summary.json").
  if (layout_.failures || layout_.mobility || layout_.batteries)
    summary["recovery"] = {{"arrivals", samples_},
                           {"completed", answered_ - fell_back_},
                           {"fell_back", fell_back_},
                           {"given_up", given_up_},
                           {"retried", retried_},
                           {"retries", retries_},
                           {"losses", losses_}};
  if (layout_.deadlines) {
    // docs/outputs.md, "Deadlines": misses are answers after the deadline; fallbacks are answered by the
    // device at the deadline (not misses); goodput counts correct answers in time per second of the run.
    summary["deadline"] = {
        {"misses", late_},
        {"miss_fraction", n > 0 ? static_cast<double>(late_) / n : 0.0},
        {"fallbacks", fallbacks_},
        {"correct_in_time", correct_in_time_},
        {"accuracy_in_time", n > 0 ? static_cast<double>(correct_in_time_) / n : 0.0},
        {"goodput_per_s", sim_time_s_ > 0 ? static_cast<double>(correct_in_time_) / sim_time_s_ : 0.0},
        {"latency_over_deadline",
         {{"p50", percentile(deadline_ratios_, 50)},
          {"p95", percentile(deadline_ratios_, 95)},
          {"p99", percentile(deadline_ratios_, 99)},
          {"max", deadline_ratios_.empty() ? 0.0 : deadline_ratios_.back()}}}};
  }
  if (layout_.mobility) {
    std::uint64_t handovers = 0, reassociations = 0, interrupted = 0, given_up = 0;
    double out_of_coverage = 0;
    for (const DeviceRecord& d : devices_) {
      handovers += static_cast<std::uint64_t>(d.handovers);
      reassociations += static_cast<std::uint64_t>(d.reassociations);
      interrupted += static_cast<std::uint64_t>(d.interrupted_transfers);
      given_up += static_cast<std::uint64_t>(d.given_up);
      out_of_coverage += d.out_of_coverage_s;
    }
    summary["mobility"] = {{"given_up_out_of_coverage", given_up},  // part of recovery.given_up
                           {"coverage_wait_mean_s", answered > 0 ? coverage_wait_s_ / answered : 0.0},
                           {"handovers", handovers},
                           {"reassociations", reassociations},
                           {"interrupted_transfers", interrupted},
                           {"out_of_coverage_s", out_of_coverage}};
  }
  if (layout_.batteries) summary["battery"] = battery_summary();
  if (!layout_.applications.empty()) summary["by_application"] = application_summary();
  if (layout_.device_failures) summary["device_failures"] = device_failures_summary();
  return summary;
}

nlohmann::json Recorder::application_summary() const {
  using nlohmann::json;
  json out = json::object();
  for (size_t a = 0; a < layout_.applications.size(); ++a) {
    const auto& app = layout_.applications[a];
    const PerApplication& per = by_application_[a];
    const double n = static_cast<double>(per.samples);
    json exit_fraction = json::object();
    for (size_t h = 0; h < app.head_names.size(); ++h)
      exit_fraction[app.head_names[h]] = n > 0 ? static_cast<double>(per.exits[h]) / n : 0.0;
    json entry = {{"policy", app.policy},
                  {"devices", app.devices},
                  {"samples", per.samples},
                  {"accuracy", n > 0 ? static_cast<double>(per.correct) / n : 0.0},
                  {"correct", per.correct},
                  {"given_up", per.given_up},
                  {"exit_fraction", exit_fraction},
                  {"latency_s",
                   {{"mean", per.answered > 0 ? per.latency_sum_s / static_cast<double>(per.answered) : 0.0},
                    {"p50", percentile(per.latencies_s, 50)},
                    {"p95", percentile(per.latencies_s, 95)},
                    {"p99", percentile(per.latencies_s, 99)},
                    {"max", per.latencies_s.empty() ? 0.0 : per.latencies_s.back()}}},
                  {"caused_energy_j", per.caused_energy_j},
                  {"caused_energy_per_sample_j", n > 0 ? per.caused_energy_j / n : 0.0},
                  {"bytes", per.bytes_sent}};
    if (layout_.deadlines)
      entry["deadline"] = {{"misses", per.late},
                           {"miss_fraction", n > 0 ? static_cast<double>(per.late) / n : 0.0},
                           {"accuracy_in_time", n > 0 ? static_cast<double>(per.correct_in_time) / n : 0.0}};
    out[app.name] = entry;
  }
  return out;
}

nlohmann::json Recorder::device_failures_summary() const {
  std::uint64_t failures = 0, failed_devices = 0;
  long long while_down = 0;
  double down_s = 0;
  for (const DeviceRecord& d : devices_) {
    failures += static_cast<std::uint64_t>(d.failures);
    failed_devices += d.failures > 0 ? 1 : 0;
    down_s += d.down_s;
    while_down += d.arrivals_while_down;
  }
  return {{"failures", failures},
          {"devices_failed", failed_devices},
          {"down_s", down_s},
          {"given_up", given_up_device_down_},
          {"arrivals_while_down", while_down}};
}

nlohmann::json Recorder::battery_summary() const {
  using nlohmann::json;
  std::vector<double> deaths;
  std::uint64_t battery_devices = 0;
  long long not_generated = 0;
  double drained = 0, end_fraction = 0;
  for (const DeviceRecord& d : devices_) {
    not_generated += d.arrivals_not_generated;
    if (!d.battery_capacity_j) continue;
    ++battery_devices;
    drained += *d.battery_initial_j - *d.battery_end_j;
    end_fraction += *d.battery_end_j / *d.battery_capacity_j;
    if (d.death_s) deaths.push_back(*d.death_s);
  }
  std::sort(deaths.begin(), deaths.end());
  // The time by which `percent` % of the battery devices had died: the ceil(percent / 100 x N)-th death, in
  // integers (null: fewer died).
  const auto died_by = [&](std::uint64_t percent) {
    const std::uint64_t rank = (battery_devices * percent + 99) / 100;
    return rank >= 1 && rank <= deaths.size() ? json(deaths[rank - 1]) : json(nullptr);
  };
  return {{"battery_devices", battery_devices},
          {"deaths", deaths.size()},
          {"devices_alive_at_end", devices_.size() - deaths.size()},
          {"battery_devices_alive_at_end", battery_devices - deaths.size()},
          {"first_death_s", deaths.empty() ? json(nullptr) : json(deaths.front())},
          {"died_10pct_s", died_by(10)},
          {"died_50pct_s", died_by(50)},
          {"end_fraction_mean", battery_devices > 0 ? end_fraction / static_cast<double>(battery_devices) : 0.0},
          {"drained_j", drained},
          {"given_up", given_up_battery_},
          {"arrivals_not_generated", not_generated}};
}

void Recorder::write_devices_csv(const std::string& path) const {
  std::FILE* f = open_for_writing(path);
  std::fputs("device,host", f);
  if (layout_.mobility)
    std::fputs(",home_site,final_site,handovers,reassociations,out_of_coverage_s,interrupted_transfers,given_up", f);
  if (layout_.batteries)
    std::fputs(",battery_capacity_j,battery_initial_j,battery_end_j,battery_end_fraction,death_s,arrivals_not_generated", f);
  if (layout_.device_failures) std::fputs(",failures,down_s,arrivals_while_down", f);
  std::fputc('\n', f);
  const auto optional_number = [](const std::optional<double>& v) { return v ? format_number(*v) : std::string(); };
  for (const DeviceRecord& d : devices_) {
    std::fprintf(f, "%d,%s", d.device, d.host.c_str());
    if (layout_.mobility)
      std::fprintf(f, ",%d,%d,%d,%d,%s,%d,%d", d.home_site, d.final_site, d.handovers, d.reassociations,
                   format_number(d.out_of_coverage_s).c_str(), d.interrupted_transfers, d.given_up);
    if (layout_.batteries) {
      const std::optional<double> fraction =
          d.battery_capacity_j ? std::optional<double>(*d.battery_end_j / *d.battery_capacity_j) : std::nullopt;
      std::fprintf(f, ",%s,%s,%s,%s,%s,%lld", optional_number(d.battery_capacity_j).c_str(),
                   optional_number(d.battery_initial_j).c_str(), optional_number(d.battery_end_j).c_str(),
                   optional_number(fraction).c_str(), optional_number(d.death_s).c_str(), d.arrivals_not_generated);
    }
    if (layout_.device_failures)
      std::fprintf(f, ",%d,%s,%lld", d.failures, format_number(d.down_s).c_str(), d.arrivals_while_down);
    std::fputc('\n', f);
  }
  close_checked(f, path);
}

void Recorder::write_hosts_csv(const std::string& path) const {
  std::FILE* f = open_for_writing(path);
  std::fputs("host,tier,host_class,site,cores,energy_j,idle_energy_j,dynamic_energy_j,compute_energy_j,busy_core_s,"
             "utilization,executions,radio_energy_j,radio_idle_energy_j",
             f);
  const bool orchestrated = !layout_.server_tiers.empty();
  std::fputs(orchestrated ? ",samples\n" : "\n", f);
  const auto optional_number = [](const std::optional<double>& v) { return v ? format_number(*v) : std::string(); };
  for (const auto& h : hosts_) {
    const double utilization = sim_time_s_ > 0 ? h.busy_core_s / (h.cores * sim_time_s_) : 0.0;
    std::fprintf(f, "%s,%s,%s,%d,%d,%s,%s,%s,%s,%s,%s,%llu,%s,%s", h.name.c_str(), h.tier.c_str(),
                 h.host_class.c_str(), h.site, h.cores, format_number(h.energy_j).c_str(),
                 format_number(h.idle_energy_j).c_str(), format_number(h.energy_j - h.idle_energy_j).c_str(),
                 format_number(h.compute_energy_j).c_str(), format_number(h.busy_core_s).c_str(),
                 format_number(utilization).c_str(), static_cast<unsigned long long>(h.executions),
                 optional_number(h.radio_energy_j).c_str(), optional_number(h.radio_idle_energy_j).c_str());
    if (orchestrated) std::fprintf(f, ",%llu", static_cast<unsigned long long>(h.samples));
    std::fputc('\n', f);
  }
  close_checked(f, path);
}

void Recorder::write_links_csv(const std::string& path) const {
  std::FILE* f = open_for_writing(path);
  std::fputs("link,link_class,bandwidth_bytes_per_s,latency_s,bytes,transfers,mean_utilization,"
             "peak_utilization,energy_j\n",
             f);
  for (const auto& l : links_) {
    std::fprintf(f, "%s,%s,%s,%s,%s,%llu,%s,%s,%s\n", l.name.c_str(), l.link_class.c_str(),
                 format_number(l.bandwidth_bytes_per_s).c_str(), format_number(l.latency_s).c_str(),
                 format_number(l.bytes).c_str(),
                 static_cast<unsigned long long>(l.transfers), format_number(l.mean_utilization).c_str(),
                 format_number(l.peak_utilization).c_str(), l.energy_j ? format_number(*l.energy_j).c_str() : "");
  }
  close_checked(f, path);
}

}  // namespace hybridfog
