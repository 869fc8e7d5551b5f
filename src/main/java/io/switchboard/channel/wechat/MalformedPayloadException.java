package io.switchboard.channel.wechat;

import java.util.Objects;

/**
 * A WeChat XML body was refused before or while parsing it. The message is meant for humans
 * (e.g. {@code "XML is not well-formed at line 3, column 12: ..."}); {@link #reason()} is meant for code.
 */
public final class MalformedPayloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an XML body was refused. */
    public enum Reason {
        /** Empty body. */
        EMPTY,
        /** Body larger than the parser's byte limit. */
        TOO_LARGE,
        /** Element nesting deeper than the parser's depth limit. */
        TOO_DEEP,
        /** Syntax error reported by the XML parser. */
        NOT_WELL_FORMED,
        /** The body has a DOCTYPE declaration (any kind: internal subset, SYSTEM or PUBLIC). */
        DOCTYPE_FORBIDDEN,
        /**
         * The reader reported a non-predefined entity reference. Defence in depth: without a DOCTYPE the
         * JDK parser already fails such a reference as NOT_WELL_FORMED ("referenced, but not declared").
         */
        ENTITY_FORBIDDEN,
        /** The root element is not {@code <xml>}. */
        WRONG_ROOT,
        /** A header field (e.g. FromUserName, MsgType) occurs more than once at top level. */
        DUPLICATE_FIELD,
        /** A field has a value of the wrong shape (e.g. CreateTime not an integer). */
        INVALID_FIELD
    }

    private final Reason reason;

    public MalformedPayloadException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public MalformedPayloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
