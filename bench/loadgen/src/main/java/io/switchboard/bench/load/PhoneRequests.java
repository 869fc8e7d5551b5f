package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Signed JSON call events as a PBX integration posts them to {@code /webhooks/phone}: one finished call
 * per request (unique callId), inbound from 1,000 distinct mobile numbers, every tenth one missed.
 */
final class PhoneRequests extends SignedJsonRequests {

    private final Instant started = Instant.now().minusSeconds(120);

    PhoneRequests(String host, int port, String path, String runId, String secret) {
        super(host, port, path, runId, secret);
    }

    @Override
    public byte[] body(long seq) {
        boolean missed = seq % 10 == 0;
        return ("{\"callId\":\"" + messageId(seq) + "\",\"from\":\"+86139" + String.format("%08d", seq % 1000)
                + "\",\"to\":\"+861080000000\",\"direction\":\"inbound\",\"status\":\"" + (missed ? "missed" : "answered")
                + "\",\"startedAt\":\"" + started + "\"" + (missed ? "" : ",\"answeredAt\":\"" + started.plusSeconds(8) + "\"")
                + ",\"endedAt\":\"" + started.plusSeconds(95) + "\",\"durationSeconds\":95"
                + (missed ? "" : ",\"recordingUrl\":\"https://rec.example.com/" + messageId(seq) + ".wav\",\"agentId\":\"8001\"")
                + "}").getBytes(StandardCharsets.UTF_8);
    }
}
