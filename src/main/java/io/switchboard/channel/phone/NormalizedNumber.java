package io.switchboard.channel.phone;

/**
 * Result of {@link PhoneNumbers#normalize(String)}.
 *
 * @param raw   the input exactly as given (may be null)
 * @param type  classification
 * @param value canonical value: E.164 for {@link Type#PHONE}, the digits for
 *              {@link Type#EXTENSION}, the raw input for {@link Type#INVALID}, null for
 *              {@link Type#ANONYMOUS} and {@link Type#EMPTY}
 */
public record NormalizedNumber(String raw, Type type, String value) {

    public enum Type {
        /** A valid public number, {@code value} is E.164 (e.g. +8613800138000). */
        PHONE,
        /** An internal PBX extension (short number or configured pattern). */
        EXTENSION,
        /** Not a valid number for libphonenumber; kept raw. */
        INVALID,
        /** Withheld / anonymous / restricted caller id. */
        ANONYMOUS,
        /** Null or blank. */
        EMPTY
    }

    public boolean isPhone() {
        return type == Type.PHONE;
    }

    public boolean isExtension() {
        return type == Type.EXTENSION;
    }

    /** True when a call-back to this number is possible (a valid public number). */
    public boolean isDialable() {
        return type == Type.PHONE;
    }
}
