package io.switchboard.customer;

/** The customer classes of docs/contract.md ("Business rules"); the wire names are the contract. */
public enum CustomerClass {
    NEW("new"),
    RETURNING("returning"),
    VIP("vip"),
    REGULAR("regular");

    private final String wireName;

    CustomerClass(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * VIPs first (an operator flag or an identity on the configured VIP list); otherwise the first
     * contact ever is {@code new}, a customer seen at least {@code regularAfter} times before is
     * {@code regular}, and anyone in between is {@code returning}.
     */
    public static CustomerClass of(boolean vip, long earlierContacts, int regularAfter) {
        if (vip) {
            return VIP;
        }
        if (earlierContacts == 0) {
            return NEW;
        }
        return earlierContacts >= regularAfter ? REGULAR : RETURNING;
    }
}
