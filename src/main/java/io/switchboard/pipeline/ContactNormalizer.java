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
            PipelineBatch.Source source = item.source();
            try {
                RawMessage raw = RawMessageHeaders.fromRecord(source.key(), source.headers(), source.body());
                item.raw(raw);
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
                adapter.toContact(raw, envelope).ifPresentOrElse(
                        contact -> item.record(contact.build()), item::markNotAContact);
            } catch (RuntimeException e) {
                item.fail("normalize", PipelineBatch.describe(e));
            }
        }
    }
}
