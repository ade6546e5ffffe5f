// static: a plain partitioned network without early exits: every sample runs every stage of the partition
// and the final classifier answers (set the cut with model.partition).
#include "policy/exit_policy.hpp"

namespace hybridfog {
namespace {

class StaticPolicy final : public ExitPolicy {
 public:
  Decision decide(const Trace&, size_t, const HeadInfo&) const override { return Decision::next; }
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{"static", "no early exit: every stage of the partition runs, the final head answers", {},
                                     [](const PolicySpec&, const ModelProfile&, const Trace&) -> std::unique_ptr<ExitPolicy> {
                                       return std::make_unique<StaticPolicy>();
                                     }});

}  // namespace
}  // namespace hybridfog
