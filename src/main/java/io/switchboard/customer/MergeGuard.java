package io.switchboard.customer;

import io.switchboard.domain.Identity;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether identities may belong to one customer: never two CRM ids, two UnionIDs, or two OpenIDs of
 * the same WeChat account. A merge or a link that would break this is refused: the record then
 * proves a conflict in the data, not that two customers are one.
 */
public final class MergeGuard {

    private MergeGuard() {}

    /** The reason the identities cannot be one person's, or empty when they can. */
    public static Optional<String> conflict(Collection<Identity> identities) {
        Map<String, String> byScope = new HashMap<>();
        for (Identity identity : identities) {
            Optional<String> scope = IdentityKeys.exclusiveScope(identity);
            if (scope.isEmpty()) {
                continue;
            }
            String previous = byScope.putIfAbsent(scope.get(), identity.value());
            if (previous != null && !previous.equals(identity.value())) {
                return Optional.of(scope.get().startsWith(IdentityKeys.WECHAT_OPENID)
                        ? "different WeChat OpenIDs of the same account"
                        : "different " + scope.get() + " identities");
            }
        }
        return Optional.empty();
    }
}
