package io.switchboard.customer;

import java.util.Locale;

/**
 * How far the gateway can vouch that a contact's sender holds an identity, weakest first. Only
 * {@link #VERIFIED} identities merge customers automatically; the others link a contact to a customer
 * at most, and where they point at someone else they propose a merge an agent confirms (see
 * docs/security.md, "Identity trust").
 */
public enum IdentityTrust {
    /** Typed into a form by whoever sent the message: a chat visitor's e-mail or phone. */
    DECLARED,
    /** The address a message came from, unauthenticated: an e-mail {@code From} without an aligned DKIM/SPF pass. */
    SENDER,
    /** Proved by the channel or an operator: WeChat OpenID/UnionID, carrier caller id, signed chat visitor, DMARC pass. */
    VERIFIED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IdentityTrust fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether a contact carrying an identity at this trust joins the customer whose link has trust {@code held}. */
    public boolean joins(IdentityTrust held) {
        return this != DECLARED && held != DECLARED;
    }

    public IdentityTrust max(IdentityTrust other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
