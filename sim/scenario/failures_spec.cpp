#include "scenario/failures_spec.hpp"

#include "core/yaml_node.hpp"

namespace hybridfog {

const char* recovery_policy_name(RecoveryPolicy policy) {
  switch (policy) {
    case RecoveryPolicy::retry: return "retry";
    case RecoveryPolicy::escalate: return "escalate";
    case RecoveryPolicy::fallback: return "fallback";
    case RecoveryPolicy::give_up: return "give-up";
  }
  return "?";
}

FailuresSpec parse_failures(const std::optional<YNode>& failures, const std::optional<YNode>& recovery,
                            const PlatformSpec& platform) {
  FailuresSpec spec;
  if (failures) {
    failures->expect_keys({"random"});
    if (auto random = failures->optional("random")) {
      for (const auto& [target, node] : random->entries()) {
        node.expect_keys({"mttf", "mtbf", "mttr"});
        RandomFailureSpec r;
        r.target = target;
        const size_t slash = target.find('/');
        if (slash == std::string::npos) {
          for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
            if (target == link_class_name(c)) r.link = c;
          if (!r.link) node.fail("unknown target: expected a link class (access, uplink, ingress) or a host class as tier/class");
          if (!platform.link(*r.link)) node.fail("the platform declares no " + target + " link");
        } else {
          r.tier = platform.tier_index(target.substr(0, slash));
          if (r.tier < 0) node.fail("no tier " + target.substr(0, slash) + " in the platform");
          const auto& classes = platform.tiers[r.tier].classes;
          for (size_t k = 0; k < classes.size(); ++k)
            if (classes[k].name == target.substr(slash + 1)) r.host_class = static_cast<int>(k);
          if (r.host_class < 0) node.fail("no host class " + target.substr(slash + 1) + " in tier " + target.substr(0, slash));
          if (platform.tiers[r.tier].scope == TierScope::device) {
            // A device that is down is out of its access point's sight; the handovers, coverage and waiting
            // transfers of a wireless access are not modelled for it (docs/formats.md, "Devices that fail").
            if (platform.access && platform.access->wifi)
              node.fail("devices that fail cannot be combined with a wireless access (links.access.wifi) in this version");
            r.device = true;
            spec.devices = true;
          }
          if (classes[r.host_class].profiles.availability)
            node.fail("this host class already has an availability profile in the platform: give one or the other");
        }
        if (r.link && platform.link(*r.link)->profiles.availability)
          node.fail("this link class already has an availability profile in the platform: give one or the other");
        // `mttf`: the mean time up. Its old name `mtbf` meant the same (not the mean time between failures,
        // which is mttf + mttr): read as mttf, with a warning saying so (docs/formats.md).
        if (node.has("mttf") && node.has("mtbf"))
          node.required("mtbf").fail("give mttf (the mean time up) only; mtbf is its old name");
        if (node.has("mtbf")) {
          const YNode old = node.required("mtbf");
          r.mttf_s = old.as_quantity(QuantityKind::time, true);
          spec.warnings.push_back(format_input_error(old.location(), old.path(),
                                                     "read as mttf, the mean time up before a failure (the mean time "
                                                     "between failures is mttf + mttr); write mttf"));
        } else {
          r.mttf_s = node.required("mttf").as_quantity(QuantityKind::time, true);
        }
        r.mttr_s = node.required("mttr").as_quantity(QuantityKind::time, true);
        spec.random.push_back(r);
      }
    }
  }
  if (recovery) {
    recovery->expect_keys({"policy", "detection_timeout", "max_retries"});
    if (auto p = recovery->optional("policy")) {
      const std::string name = p->as_choice({"retry", "escalate", "fallback", "give-up"});
      spec.recovery.policy = name == "retry"      ? RecoveryPolicy::retry
                             : name == "escalate" ? RecoveryPolicy::escalate
                             : name == "fallback" ? RecoveryPolicy::fallback
                                                  : RecoveryPolicy::give_up;
    }
    if (auto t = recovery->optional("detection_timeout"))
      spec.recovery.detection_timeout_s = t->as_quantity(QuantityKind::time, false);
    if (auto m = recovery->optional("max_retries")) spec.recovery.max_retries = static_cast<int>(m->as_int(0, 1000));
  }
  bool scheduled = false;
  for (size_t t = 0; t < platform.tiers.size(); ++t)
    for (const auto& c : platform.tiers[t].classes)
      if (c.profiles.availability) scheduled = true;
  for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
    if (platform.link(c) && platform.link(c)->profiles.availability) scheduled = true;
  spec.any = scheduled || !spec.random.empty();
  return spec;
}

}  // namespace hybridfog
