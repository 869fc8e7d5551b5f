package io.switchboard.channel.phone;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.RawMessage;
import io.switchboard.pipeline.ChannelAdapter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A phone raw message becomes at most one contact: the legs of one CDR call, one JSON call event,
 * or a Twilio status callback, of which only the terminal status is a contact.
 */
@Singleton
public class PhoneContactAdapter implements ChannelAdapter {

    private final CdrSources sources;
    private final PhoneNumbers numbers;

    @Inject
    public PhoneContactAdapter(CdrSources sources, SwitchboardConfig config) {
        this(sources, new PhoneNumbers(config.phone().defaultRegion()));
    }

    PhoneContactAdapter(CdrSources sources, PhoneNumbers numbers) {
        this.sources = sources;
        this.numbers = numbers;
    }

    @Override
    public Channel channel() {
        return Channel.PHONE;
    }

    @Override
    public Optional<ContactRecord.Builder> toContact(RawMessage raw, ContactRecord.Builder envelope) {
        String source = raw.attributes().getOrDefault(PhoneRaw.SOURCE, "");
        switch (source) {
            case PhoneRaw.SOURCE_CDR:
                return PhoneContacts.toContact(cdrCall(raw), null, envelope);
            case PhoneRaw.SOURCE_EVENT:
                CallEvent event = PhoneWebhook.readEvent(raw.body());
                return PhoneContacts.toContact(PhoneContacts.fromEvent(event, numbers), event.recordingUrl(), envelope);
            case PhoneRaw.SOURCE_TWILIO:
                TwilioCallback callback = TwilioCallback.from(twilioParams(raw));
                if (!callback.terminal()) {
                    return Optional.empty();
                }
                return PhoneContacts.toContact(PhoneContacts.fromTwilio(callback, raw.receivedAt(), numbers),
                        callback.recordingUrl(), envelope);
            default:
                throw new IllegalArgumentException("phone raw message has no known " + PhoneRaw.SOURCE + " attribute: '"
                        + source + "'");
        }
    }

    /** Reads the call's legs again exactly as the inbox read them. */
    private CallRecord cdrCall(RawMessage raw) {
        Map<String, String> a = raw.attributes();
        ZoneId zone;
        try {
            zone = ZoneId.of(required(a, PhoneRaw.CDR_TIME_ZONE));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("bad " + PhoneRaw.CDR_TIME_ZONE + " attribute", e);
        }
        CdrLayout layout = sources.layout(required(a, PhoneRaw.CDR_LAYOUT), zone);
        String file = a.getOrDefault(PhoneRaw.CDR_FILE, "cdr");
        CdrReadResult read;
        try {
            read = new CdrFileReader(layout).read(new StringReader(new String(raw.body(), StandardCharsets.UTF_8)), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!read.errors().isEmpty() || read.rows().isEmpty()) {
            throw new IllegalArgumentException("CDR legs of " + raw.channelMessageId() + " are unreadable: " + read.errors());
        }
        List<CallRecord> calls = sources.assembler(required(a, PhoneRaw.CDR_REGION)).assemble(read.rows());
        if (calls.size() != 1 || !calls.get(0).callId().equals(raw.channelMessageId())) {
            throw new IllegalArgumentException("CDR legs of " + raw.channelMessageId() + " do not make exactly that one call");
        }
        return calls.get(0);
    }

    private static Map<String, String> twilioParams(RawMessage raw) {
        return raw.contentType().startsWith("application/json")
                ? PhoneWebhook.flatJson(raw.body())
                : FormBody.firstValues(FormBody.parse(raw.body()));
    }

    private static String required(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CDR raw message has no " + name + " attribute");
        }
        return value;
    }
}
