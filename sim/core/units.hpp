#pragma once
// Quantities with units, as users write them in YAML ("20Mbps", "5ms", "2GMAC/s", "4.6pJ", "3.5W").
// Inside hybridfog every quantity is an SI double: bytes/s, s, MAC/s, J, W, bytes, 1/s.
#include <optional>
#include <string>

namespace hybridfog {

enum class QuantityKind {
  bandwidth,   // -> bytes per second; bps kbps Mbps Gbps Tbps (bits, SI) or Bps kBps MBps GBps (bytes)
  time,        // -> seconds; ns us ms s min h
  throughput,  // -> MAC per second; MAC/s kMAC/s MMAC/s GMAC/s TMAC/s
  energy,      // -> joules; fJ pJ nJ uJ mJ J kJ, and mWh Wh kWh (3600 J per Wh)
  power,       // -> watts; uW mW W kW
  data_size,   // -> bytes; bit B kB MB GB KiB MiB GiB
  rate,        // -> events per second; /s /min /h Hz kHz
  length,      // -> metres; mm cm m km
  speed,       // -> metres per second; m/s km/h
  charge,      // -> coulombs; mAh Ah (3.6 C per mAh): a battery's capacity, with its voltage
  voltage,     // -> volts; mV V
};

const char* quantity_kind_name(QuantityKind kind);  // "bandwidth", ...
const char* quantity_example(QuantityKind kind);    // "100Mbps", ...

// The documented range of every quantity (docs/formats.md, "Ranges"): values above max or below min (other
// than 0, which callers accept or refuse by sign) are refused at parse time, so that no later product of
// quantities overflows a double or an integer (e.g. bytes x 8, time / window).
struct QuantityRange {
  double min;
  double max;
  const char* min_text;
  const char* max_text;
};
QuantityRange quantity_range(QuantityKind kind);

// Parses "<number><unit>" (spaces between them allowed). Returns nullopt when the text is not a number
// followed by one of the units of `kind`. Negative values parse; callers check the sign they need.
std::optional<double> parse_quantity(const std::string& text, QuantityKind kind);

// Prices (docs/formats.md, "Prices"): "<number> <currency>" ("0.10 USD", "0.1USD"), the currency being the one
// word the platform names (`currency`, Default USD). Same number rules as quantities (no inf, nan or hex).
// Returns nullopt when the text is not a number followed by exactly `currency`; negative values parse.
std::optional<double> parse_price(const std::string& text, const std::string& currency);
// A currency word: 1 to 16 ASCII letters ("USD", "EUR", "credits").
bool valid_currency(const std::string& word);
// summary.json's key of the cost account: "cost_" + the currency in lower case ("cost_usd"), the unit in the
// name as for every figure (docs/outputs.md, "Cost").
std::string cost_key(const std::string& currency);
// Prices are at most this many currency units per unit of what they price (docs/formats.md, "Ranges").
inline constexpr double kMaxPrice = 1e12;

}  // namespace hybridfog
