package io.switchboard.channel.email;

/** Test helper exposing the package-private header parser. */
final class MailHeadersAccess {

    private MailHeadersAccess() {
    }

    static MailHeaders headersOf(byte[] raw) {
        return MailHeaders.parse(raw, 0, raw.length);
    }
}
