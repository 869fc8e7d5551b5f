package io.switchboard.outbound;

/** A reply cannot be sent because a setting is not configured; the dispatcher answers 409 naming it. */
public final class MissingSendingSetting extends RuntimeException {

    private final String property;

    public MissingSendingSetting(String property, String why) {
        super(property + " is not set: " + why, null, false, false);
        this.property = property;
    }

    /** The property to set, with the account or mailbox name filled in ({@code switchboard.wechat.accounts.oa.app-secret}). */
    public String property() {
        return property;
    }
}
