package io.switchboard.security;

import io.vertx.ext.web.RoutingContext;

/** Who made an operator request: the configured name of the key presented, and its role. Audit records the name. */
public record Caller(String name, Role role) {

    private static final String CONTEXT_KEY = Caller.class.getName();

    /** How stored rows name this caller as the author of a change ({@code linked_by}, merge actors). */
    public String actor() {
        return "operator:" + name;
    }

    void attachTo(RoutingContext ctx) {
        ctx.put(CONTEXT_KEY, this);
    }

    /** The caller {@link OperatorAccess} let through; every operator route sits behind it. */
    public static Caller of(RoutingContext ctx) {
        Caller caller = ctx.get(CONTEXT_KEY);
        if (caller == null) {
            throw new IllegalStateException(ctx.request().path() + " was routed without OperatorAccess");
        }
        return caller;
    }
}
