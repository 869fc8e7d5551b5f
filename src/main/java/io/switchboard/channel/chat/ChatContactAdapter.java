package io.switchboard.channel.chat;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.domain.RawMessage;
import io.switchboard.pipeline.ChannelAdapter;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A chat message becomes a contact from its visitor, threaded by the chat session. */
@Singleton
public class ChatContactAdapter implements ChannelAdapter {

    @Override
    public Channel channel() {
        return Channel.CHAT;
    }

    @Override
    public Optional<ContactRecord.Builder> toContact(RawMessage raw, ContactRecord.Builder envelope) {
        ChatMessage message = ChatMessageParser.parse(raw.body());
        ChatMessage.Visitor visitor = message.visitor();
        Identity from = new Identity(Identity.CHAT_VISITOR, visitor.id());
        List<Identity> identities = new ArrayList<>(3);
        identities.add(from);
        if (visitor.email() != null) {
            identities.add(new Identity(Identity.EMAIL, visitor.email().strip().toLowerCase(Locale.ROOT)));
        }
        if (visitor.phone() != null) {
            identities.add(new Identity(Identity.PHONE, visitor.phone().strip()));
        }
        return Optional.of(envelope
                .direction(ContactRecord.INBOUND)
                .from(from)
                .to(message.widget() == null ? null : new Identity(Identity.CHAT_WIDGET, message.widget()))
                .identities(identities)
                .threadKey("chat:" + message.sessionId())
                .text(message.text())
                .language(language(message.locale()))
                .attachments(message.attachments()));
    }

    /** The primary language subtag of a BCP 47 locale: {@code zh-CN} → {@code zh}. */
    static String language(String locale) {
        if (locale == null || locale.isBlank()) {
            return null;
        }
        return Locale.forLanguageTag(locale.strip().replace('_', '-')).getLanguage().toLowerCase(Locale.ROOT);
    }
}
