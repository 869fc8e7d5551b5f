package io.switchboard.deadletter;

import io.switchboard.pipeline.ContactPublisher;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;

/** One record of the dead-letter topic: where it sits, the original message and why it was set aside. */
public record DeadLetter(int partition, long offset, String key, List<Header> headers, byte[] body) {

    /** Headers the pipeline adds when it dead-letters a message; everything else belongs to the original. */
    static final String DEAD_LETTER_HEADER_PREFIX = "sb-dead-letter-";

    public Optional<String> header(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(name) && headers.get(i).value() != null) {
                return Optional.of(new String(headers.get(i).value(), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    public String reason() {
        return header(ContactPublisher.DLQ_REASON).orElse("");
    }

    public String stage() {
        return header(ContactPublisher.DLQ_STAGE).orElse("");
    }

    /** {@code topic/partition/offset} the message was read from, as the pipeline recorded it. */
    public String source() {
        return header(ContactPublisher.DLQ_SOURCE).orElse("");
    }

    /** The topic to replay to: the source's topic part. */
    public Optional<String> sourceTopic() {
        String source = source();
        int slash = source.indexOf('/');
        return slash > 0 ? Optional.of(source.substring(0, slash)) : Optional.empty();
    }

    public List<Header> originalHeaders() {
        return headers.stream().filter(h -> !h.key().startsWith(DEAD_LETTER_HEADER_PREFIX)).toList();
    }

    public Map<String, Object> summary() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("partition", partition);
        view.put("offset", offset);
        view.put("key", key);
        view.put("reason", reason());
        view.put("stage", stage());
        view.put("source", source());
        view.put("at", header(ContactPublisher.DLQ_AT).orElse(null));
        view.put("size", body == null ? 0 : body.length);
        return view;
    }

    /** Summary plus every header and the body: as text when it is UTF-8, else base64. */
    public Map<String, Object> detail() {
        Map<String, Object> view = summary();
        Map<String, String> headerView = new LinkedHashMap<>();
        for (Header header : headers) {
            headerView.put(header.key(), header.value() == null ? null : text(header.value()).orElse(
                    "base64:" + Base64.getEncoder().encodeToString(header.value())));
        }
        view.put("headers", headerView);
        byte[] bytes = body == null ? new byte[0] : body;
        Optional<String> text = text(bytes);
        view.put("bodyEncoding", text.isPresent() ? "utf-8" : "base64");
        view.put("body", text.orElseGet(() -> Base64.getEncoder().encodeToString(bytes)));
        return view;
    }

    static Optional<String> text(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
