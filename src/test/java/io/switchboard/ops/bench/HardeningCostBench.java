package io.switchboard.ops.bench;

import io.switchboard.channel.wechat.WeChatPushId;
import io.switchboard.channel.wechat.WeChatReplayGuard;
import io.switchboard.ops.PiiMasking;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the replay guard and log masking add per request (bench/hardening/run.sh), in-process, single
 * thread: the guard's claim + stored for a typical 400-byte push (SHA-256 of its plaintext, one map and
 * one tree insert) with the cache at its default size, and masking per log line, for lines with and
 * without personal data, and for an exception with a cause. Prints nanoseconds per operation.
 *
 * <p>usage: HardeningCostBench [seconds per measurement=3]
 */
public final class HardeningCostBench {

    private static final List<String> PLAIN_LINES = List.of(
            "2026-11-23 09:30:00,123 INFO  [io.sw.pi.Pipeline] (pipeline-0) batch of 500 committed at offset 123456789",
            "Kafka producer acknowledged 64 records for partition 3 in 2 ms",
            "route wechat-inbound started and consuming from platform-http:///webhooks/wechat/{account}");
    private static final List<String> PERSONAL_LINES = List.of(
            "客户 li.lei@example.com 来电 13912345678 要求回拨，身份证 11010519491231002X",
            "退款到银行卡 6222 0202 0000 1234 562 失败，订单 SO-48213，银行返回 E1002",
            "could not resolve customer for phone +86 138 0013 8000: duplicate key (phone, +8613800138000)");

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
        System.out.printf("replay guard, claim + stored, 100,000 entries: %.0f ns/push%n", guardNanos(seconds));
        System.out.printf("mask, log line without personal data:          %.0f ns/line%n", maskNanos(PLAIN_LINES, seconds));
        System.out.printf("mask, log line with e-mail/phone/id/card:      %.0f ns/line%n", maskNanos(PERSONAL_LINES, seconds));
        System.out.printf("mask, exception with a cause (personal data):  %.0f ns/exception%n", throwableNanos(seconds));
    }

    private static double guardNanos(long seconds) {
        long now = Instant.now().getEpochSecond();
        // a clock that stands still: the cache stays full at its bound, the worst case for eviction
        WeChatReplayGuard guard = new WeChatReplayGuard(Duration.ofMinutes(5), 100_000,
                Clock.fixed(Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC));
        byte[] push = ("<xml><ToUserName><![CDATA[gh_switchboard]]></ToUserName><FromUserName><![CDATA["
                + "oBench000123]]></FromUserName><CreateTime>" + now + "</CreateTime><MsgType><![CDATA[text]]>"
                + "</MsgType><Content><![CDATA[你好，我的订单 SO-48213 显示已签收，但我没有收到包裹，请帮忙查一下。]]>"
                + "</Content><MsgId>7300000000000000001</MsgId></xml>").getBytes(StandardCharsets.UTF_8);
        long[] n = {0};
        return measure(seconds, () -> guard.claim(new WeChatPushId("bench", now, Long.toString(n[0]++)), push).stored());
    }

    private static double maskNanos(List<String> lines, long seconds) {
        int[] i = {0};
        return measure(seconds, () -> sink(PiiMasking.mask(lines.get(i[0]++ % lines.size()))));
    }

    private static double throwableNanos(long seconds) {
        IllegalStateException thrown = new IllegalStateException("could not link li.lei@example.com",
                new IllegalArgumentException("Key (type, value)=(phone, +8613912345678) already exists"));
        return measure(seconds, () -> sink(PiiMasking.mask(thrown)));
    }

    private static int sinkHash;

    private static void sink(Object value) {
        sinkHash += System.identityHashCode(value);
    }

    /** Warms up for a second, then runs {@code op} for {@code seconds} and returns nanoseconds per call. */
    private static double measure(long seconds, Runnable op) {
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            op.run();
        }
        long calls = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long t;
        do {
            for (int k = 0; k < 1000; k++) {
                op.run();
            }
            calls += 1000;
            t = System.nanoTime();
        } while (t < end);
        return (double) (t - start) / calls;
    }
}
