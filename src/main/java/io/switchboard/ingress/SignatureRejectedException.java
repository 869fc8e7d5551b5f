package io.switchboard.ingress;

/** A request whose origin cannot be verified; answered with 401. */
public class SignatureRejectedException extends RuntimeException {
    public SignatureRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
