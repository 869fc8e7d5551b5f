package io.switchboard.customer;

import io.switchboard.channel.phone.NormalizedNumber;
import io.switchboard.channel.phone.PhoneNumbers;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which identities on a record name a person, in the one canonical spelling the identity table is
 * keyed by: a phone typed with spaces and one in E.164 must meet on the same row, or uniqueness in the
 * database proves nothing.
 */
public final class IdentityKeys {

    public static final String CRM = "crm";
    public static final String WECHAT_OPENID = "wechat-openid";
    public static final String WECHAT_UNIONID = "wechat-unionid";

    private final Set<String> personTypes;
    private final PhoneNumbers phones;

    public IdentityKeys(List<String> personTypes, String defaultRegion) {
        this.personTypes = Set.copyOf(personTypes);
        this.phones = new PhoneNumbers(defaultRegion);
    }

    /**
     * The record's person identities (the customer's side first), canonical and without repeats. The
     * company's side never counts: the recipient of an inbound contact, the sender of an outbound one
     * (an outbound call is about the customer who was called).
     */
    public List<Identity> personIdentities(ContactRecord record) {
        boolean outbound = ContactRecord.OUTBOUND.equals(record.direction());
        Identity customerSide = outbound ? record.to() : record.from();
        Identity companySide = outbound ? record.from() : record.to();
        List<Identity> all = new ArrayList<>();
        if (customerSide != null) {
            all.add(customerSide);
        }
        all.addAll(record.identities());
        Identity ours = companySide == null ? null : canonical(companySide).orElse(null);
        Set<Identity> out = new LinkedHashSet<>();
        for (Identity identity : all) {
            canonical(identity).filter(i -> !i.equals(ours)).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /** The canonical form of a person identity, or empty when it is no person identity or not usable as a key. */
    public Optional<Identity> canonical(Identity identity) {
        if (!personTypes.contains(identity.type())) {
            return Optional.empty();
        }
        String value = identity.value().strip();
        switch (identity.type()) {
            case Identity.EMAIL -> value = value.toLowerCase(Locale.ROOT);
            case Identity.PHONE -> {
                NormalizedNumber number = phones.normalize(value);
                if (number.type() == NormalizedNumber.Type.ANONYMOUS || number.type() == NormalizedNumber.Type.EMPTY
                        || number.type() == NormalizedNumber.Type.EXTENSION) {
                    return Optional.empty();
                }
                value = number.isPhone() ? number.value() : value;
            }
            default -> { }
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(new Identity(identity.type(), value));
    }

    /** Parses {@code type:value} (the value may itself contain colons, as WeChat OpenIDs do). */
    public Optional<Identity> parse(String typeAndValue) {
        int colon = typeAndValue.indexOf(':');
        if (colon <= 0 || colon == typeAndValue.length() - 1) {
            throw new IllegalArgumentException("'" + typeAndValue + "' is not type:value");
        }
        return canonical(new Identity(typeAndValue.substring(0, colon).strip(), typeAndValue.substring(colon + 1)));
    }

    /**
     * Identities a person holds only one of per scope: one CRM id, one UnionID, one OpenID per WeChat
     * account. Two different values in the same scope are two different people.
     */
    public static Optional<String> exclusiveScope(Identity identity) {
        return switch (identity.type()) {
            case CRM, WECHAT_UNIONID -> Optional.of(identity.type());
            case WECHAT_OPENID -> {
                int colon = identity.value().indexOf(':');
                yield Optional.of(WECHAT_OPENID + "@" + (colon < 0 ? "" : identity.value().substring(0, colon)));
            }
            default -> Optional.empty();
        };
    }
}
