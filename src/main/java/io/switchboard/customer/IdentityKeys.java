package io.switchboard.customer;

import io.switchboard.channel.email.EmailContactAdapter;
import io.switchboard.channel.phone.NormalizedNumber;
import io.switchboard.channel.phone.PhoneNumbers;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** A person identity of a record, and how far the record's channel vouches that its sender holds it. */
    public record Claim(Identity identity, IdentityTrust trust) {}

    /**
     * The record's person identities (the customer's side first), canonical and without repeats. The
     * company's side never counts: the recipient of an inbound contact, the sender of an outbound one
     * (an outbound call is about the customer who was called).
     */
    public List<Identity> personIdentities(ContactRecord record) {
        return claims(record).stream().map(Claim::identity).toList();
    }

    /**
     * {@link #personIdentities} with their trust. The customer's side is what the channel proves (a signed
     * WeChat push, the carrier's caller id, the chat back end's signed visitor id, the number we dialled),
     * except an inbound e-mail's {@code From}, which is only the {@link IdentityTrust#SENDER} unless the
     * receiving server's DKIM/SPF verdict aligned with it. Other identities are what the sender typed
     * ({@link IdentityTrust#DECLARED}), except a WeChat UnionID, which comes with the signed push.
     */
    public List<Claim> claims(ContactRecord record) {
        boolean outbound = ContactRecord.OUTBOUND.equals(record.direction());
        Identity customerSide = outbound ? record.to() : record.from();
        Identity companySide = outbound ? record.from() : record.to();
        Identity ours = companySide == null ? null : canonical(companySide).orElse(null);
        Map<Identity, IdentityTrust> out = new LinkedHashMap<>();
        if (customerSide != null) {
            canonical(customerSide).filter(i -> !i.equals(ours))
                    .ifPresent(i -> out.put(i, senderTrust(record, outbound)));
        }
        for (Identity identity : record.identities()) {
            canonical(identity).filter(i -> !i.equals(ours))
                    .ifPresent(i -> out.merge(i, declaredTrust(record, i), IdentityTrust::max));
        }
        return out.entrySet().stream().map(e -> new Claim(e.getKey(), e.getValue())).toList();
    }

    private static IdentityTrust senderTrust(ContactRecord record, boolean outbound) {
        if (outbound || record.channel() != Channel.EMAIL) {
            return IdentityTrust.VERIFIED;
        }
        return record.context() != null && record.context().get(EmailContactAdapter.CONTEXT_KEY) instanceof Map<?, ?> email
                && Boolean.TRUE.equals(email.get(EmailContactAdapter.SENDER_AUTHENTICATED))
                ? IdentityTrust.VERIFIED : IdentityTrust.SENDER;
    }

    private static IdentityTrust declaredTrust(ContactRecord record, Identity identity) {
        return record.channel() == Channel.WECHAT && WECHAT_UNIONID.equals(identity.type())
                ? IdentityTrust.VERIFIED : IdentityTrust.DECLARED;
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
