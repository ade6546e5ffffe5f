// cloud-only: the raw input goes to the last tier, which runs what the final classifier needs.
#include "policy/exit_policy.hpp"

namespace hybridfog {
namespace {

class CloudOnlyPolicy final : public ExitPolicy {
 public:
  Decision decide(const Trace&, size_t, const HeadInfo&) const override { return Decision::next; }
  bool sends_raw_input_to_last_tier() const override { return true; }
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "cloud-only", "send the raw input to the last tier, which runs the final classifier's network", {},
    [](const PolicySpec&, const ModelProfile&, const Trace&) -> std::unique_ptr<ExitPolicy> {
      return std::make_unique<CloudOnlyPolicy>();
    }});

}  // namespace
}  // namespace hybridfog
