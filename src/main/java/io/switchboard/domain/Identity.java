package io.switchboard.domain;

/**
 * One way to recognise a person or an endpoint: {@code type} is one of {@code phone} (E.164),
 * {@code email}, {@code wechat-openid}, {@code wechat-unionid}, {@code chat-visitor}, {@code crm},
 * or an endpoint type such as {@code chat-widget}; {@code value} is normalised by the channel adapter.
 */
public record Identity(String type, String value) {

    public static final String CHAT_VISITOR = "chat-visitor";
    public static final String CHAT_WIDGET = "chat-widget";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";

    public Identity {
        if (type == null || type.isBlank() || value == null || value.isBlank()) {
            throw new IllegalArgumentException("identity needs a type and a value");
        }
    }
}
