#include "core/units.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

namespace hybridfog {
namespace {

using UnitTable = std::vector<std::pair<const char*, double>>;

const UnitTable& units_of(QuantityKind kind) {
  static const UnitTable bandwidth = {{"bps", 1.0 / 8},  {"kbps", 1e3 / 8}, {"Mbps", 1e6 / 8}, {"Gbps", 1e9 / 8},
                                      {"Tbps", 1e12 / 8}, {"Bps", 1.0},      {"kBps", 1e3},     {"MBps", 1e6},
                                      {"GBps", 1e9}};
  static const UnitTable time = {{"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}, {"min", 60.0}, {"h", 3600.0}};
  static const UnitTable throughput = {
      {"MAC/s", 1.0}, {"kMAC/s", 1e3}, {"MMAC/s", 1e6}, {"GMAC/s", 1e9}, {"TMAC/s", 1e12}};
  static const UnitTable energy = {{"fJ", 1e-15}, {"pJ", 1e-12}, {"nJ", 1e-9}, {"uJ", 1e-6},
                                   {"mJ", 1e-3},  {"J", 1.0},    {"kJ", 1e3},
                                   {"mWh", 3.6},  {"Wh", 3600.0}, {"kWh", 3.6e6}};
  static const UnitTable power = {{"uW", 1e-6}, {"mW", 1e-3}, {"W", 1.0}, {"kW", 1e3}};
  static const UnitTable data_size = {{"bit", 1.0 / 8}, {"B", 1.0},           {"kB", 1e3},
                                      {"MB", 1e6},      {"GB", 1e9},          {"KiB", 1024.0},
                                      {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
  static const UnitTable rate = {{"/s", 1.0}, {"/min", 1.0 / 60}, {"/h", 1.0 / 3600}, {"Hz", 1.0}, {"kHz", 1e3}};
  static const UnitTable length = {{"mm", 1e-3}, {"cm", 1e-2}, {"m", 1.0}, {"km", 1e3}};
  static const UnitTable speed = {{"m/s", 1.0}, {"km/h", 1.0 / 3.6}};
  static const UnitTable charge = {{"mAh", 3.6}, {"Ah", 3600.0}};
  static const UnitTable voltage = {{"mV", 1e-3}, {"V", 1.0}};
  switch (kind) {
    case QuantityKind::bandwidth: return bandwidth;
    case QuantityKind::time: return time;
    case QuantityKind::throughput: return throughput;
    case QuantityKind::energy: return energy;
    case QuantityKind::power: return power;
    case QuantityKind::data_size: return data_size;
    case QuantityKind::rate: return rate;
    case QuantityKind::length: return length;
    case QuantityKind::speed: return speed;
    case QuantityKind::charge: return charge;
    case QuantityKind::voltage: return voltage;
  }
  return time;
}

}  // namespace

const char* quantity_kind_name(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::bandwidth: return "bandwidth";
    case QuantityKind::time: return "time";
    case QuantityKind::throughput: return "throughput";
    case QuantityKind::energy: return "energy";
    case QuantityKind::power: return "power";
    case QuantityKind::data_size: return "data size";
    case QuantityKind::rate: return "rate";
    case QuantityKind::length: return "length";
    case QuantityKind::speed: return "speed";
    case QuantityKind::charge: return "charge";
    case QuantityKind::voltage: return "voltage";
  }
  return "quantity";
}

const char* quantity_example(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::bandwidth: return "100Mbps";
    case QuantityKind::time: return "5ms";
    case QuantityKind::throughput: return "2GMAC/s";
    case QuantityKind::energy: return "4.6pJ";
    case QuantityKind::power: return "3.5W";
    case QuantityKind::data_size: return "64B";
    case QuantityKind::rate: return "10/s";
    case QuantityKind::length: return "50m";
    case QuantityKind::speed: return "1.4m/s";
    case QuantityKind::charge: return "2000mAh";
    case QuantityKind::voltage: return "3.7V";
  }
  return "";
}

namespace {

// "<number><unit>": the number (plain decimal only: strtod would also accept "inf", "nan" and hex floats) and
// the rest of the text, trimmed. nullopt when the text does not start with such a number.
std::optional<std::pair<double, std::string>> split_number(const std::string& text) {
  const char* begin = text.c_str();
  while (std::isspace(static_cast<unsigned char>(*begin))) ++begin;
  if (*begin == '\0') return std::nullopt;
  const char* scan = begin;
  if (*scan == '+' || *scan == '-') ++scan;
  if (!std::isdigit(static_cast<unsigned char>(*scan)) && *scan != '.') return std::nullopt;
  char* number_end = nullptr;
  const double value = std::strtod(begin, &number_end);
  if (number_end == begin) return std::nullopt;
  std::string unit(number_end);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front()))) unit.erase(unit.begin());
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  return std::make_pair(value, unit);
}

}  // namespace

std::optional<double> parse_quantity(const std::string& text, QuantityKind kind) {
  const auto split = split_number(text);
  if (!split) return std::nullopt;
  const auto& [value, unit] = *split;
  for (const auto& [name, factor] : units_of(kind)) {
    if (unit == name) {
      const double si = value * factor;
      if (!std::isfinite(si)) return std::nullopt;
      return si;
    }
  }
  return std::nullopt;
}

std::optional<double> parse_price(const std::string& text, const std::string& currency) {
  const auto split = split_number(text);
  if (!split || split->second != currency || !std::isfinite(split->first)) return std::nullopt;
  return split->first;
}

std::string cost_key(const std::string& currency) {
  std::string key = "cost_";
  for (char c : currency) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

bool valid_currency(const std::string& word) {
  if (word.empty() || word.size() > 16) return false;
  for (char c : word)
    if (!std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

QuantityRange quantity_range(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::bandwidth: return {1e-3, 1e15, "1e-3 B/s (8mbps)", "1e15 B/s (8Pbps)"};
    case QuantityKind::time: return {1e-9, 1e9, "1ns", "1e9 s (about 31.7 years)"};
    case QuantityKind::throughput: return {1e-3, 1e21, "1e-3 MAC/s", "1e21 MAC/s"};
    case QuantityKind::energy: return {1e-18, 1e12, "1e-18 J", "1e12 J"};
    case QuantityKind::power: return {1e-9, 1e9, "1nW", "1e9 W"};
    case QuantityKind::data_size: return {1e-3, 1e12, "1e-3 B", "1e12 B (1TB)"};
    case QuantityKind::rate: return {1e-9, 1e9, "1e-9 /s", "1e9 /s"};
    case QuantityKind::length: return {1e-6, 1e8, "1um", "1e8 m (100,000 km)"};
    case QuantityKind::speed: return {1e-6, 1e6, "1e-6 m/s", "1e6 m/s"};
    case QuantityKind::charge: return {1e-9, 1e9, "1e-9 C", "1e9 C (about 278 kAh)"};
    case QuantityKind::voltage: return {1e-3, 1e6, "1mV", "1e6 V"};
  }
  return {0, 1e300, "0", "1e300"};
}

}  // namespace hybridfog
