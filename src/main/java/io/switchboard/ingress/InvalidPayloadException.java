package io.switchboard.ingress;

/** A request body that is not what the channel's contract says; answered with 400 naming the field. */
public class InvalidPayloadException extends RuntimeException {

    private final String field;

    public InvalidPayloadException(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    /** The JSON path of the offending field, or null when the body as a whole is unreadable. */
    public String field() {
        return field;
    }
}
