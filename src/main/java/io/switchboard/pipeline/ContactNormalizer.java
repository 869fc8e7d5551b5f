package io.switchboard.pipeline;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.RawMessage;
import io.switchboard.kafka.RawMessageHeaders;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Stage 1: raw Kafka records → ContactRecords, through each channel's adapter; unreadable ones are set aside. */
@Singleton
@Named("contactNormalizer")
public class ContactNormalizer {

    private final Map<Channel, ChannelAdapter> adapters = new EnumMap<>(Channel.class);

    @Inject
    public ContactNormalizer(Instance<ChannelAdapter> adapters) {
        adapters.forEach(a -> this.adapters.put(a.channel(), a));
    }

    public void normalize(PipelineBatch batch) {
        for (PipelineBatch.Item item : batch.items()) {
            try {
                RawMessage raw = RawMessageHeaders.fromRecord(item.source().key(), item.source().headers(),
                        item.source().body());
                item.raw(raw);
                contact(item.source(), raw).ifPresentOrElse(item::record, item::markNotAContact);
            } catch (RuntimeException e) {
                item.fail("normalize", PipelineBatch.describe(e));
            }
        }
    }

    /**
     * The ContactRecord a raw message makes (empty: it is not a contact, such as a WeChat menu event); throws what
     * the pipeline would dead-letter it for.
     */
    public Optional<ContactRecord> contact(PipelineBatch.Source source) {
        return contact(source, RawMessageHeaders.fromRecord(source.key(), source.headers(), source.body()));
    }

    private Optional<ContactRecord> contact(PipelineBatch.Source source, RawMessage raw) {
        ChannelAdapter adapter = adapters.get(raw.channel());
        if (adapter == null) {
            throw new IllegalArgumentException("no adapter for channel " + raw.channel().wireName());
        }
        ContactRecord.Builder envelope = ContactRecord.builder()
                .id(raw.recordId())
                .channel(raw.channel())
                .receivedAt(raw.receivedAt())
                .channelMessageId(raw.channelMessageId())
                .raw(new ContactRecord.RawPointer(source.topic(), source.partition(), source.offset()));
        return adapter.toContact(raw, envelope).map(ContactRecord.Builder::build);
    }
}
