// edge-only: never use the last tier; every sample stops at the last exit head before it.
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"

namespace hybridfog {
namespace {

class EdgeOnlyPolicy final : public ExitPolicy {
 public:
  Decision decide(const Trace&, size_t, const HeadInfo& head) const override {
    return head.last_exit_before_last_tier ? Decision::exit : Decision::next;
  }
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "edge-only", "stop at the last exit head before the last tier; the last tier is never used", {},
    [](const PolicySpec&, const ModelProfile& profile, const Trace&) -> std::unique_ptr<ExitPolicy> {
      if (profile.heads.size() < 2)
        throw PolicyParameterError("name", "edge-only needs an exit head before the final classifier");
      return std::make_unique<EdgeOnlyPolicy>();
    }});

}  // namespace
}  // namespace hybridfog
