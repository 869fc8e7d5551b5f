package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

class PiiMaskingLogFilterTest {

    private static final PatternFormatter FORMAT = new PatternFormatter("%-5p [%c] %X{customer} %s%e%n");

    @Test
    void shouldMaskTheFormattedMessageTheStackTraceAndTheMdcBeforeTheHandlerFormatsThem() {
        ExtLogRecord record = new ExtLogRecord(org.jboss.logmanager.Level.WARN, "回拨 %s 失败，客户邮箱 %s", ExtLogRecord.FormatStyle.PRINTF,
                "io.switchboard.channel.phone.PhoneWebhook");
        record.setParameters(new Object[] {"13912345678", "li.lei@example.com"});
        record.setLoggerName("io.switchboard.channel.phone");
        record.setThrown(new IllegalStateException("退款到银行卡 6222 0202 0000 1234 562 失败",
                new IllegalArgumentException("身份证 11010519491231002X 与姓名不符")));
        record.putMdc("customer", "li.lei@example.com");

        assertThat(new PiiMaskingLogFilter().isLoggable(record)).isTrue();
        String line = FORMAT.format(record);

        assertThat(line).startsWith("WARN  [io.switchboard.channel.phone] l***@example.com 回拨 *********78 失败，客户邮箱 l***@example.com")
                .contains("java.lang.IllegalStateException: 退款到银行卡 **** **** **** ***4 562 失败")
                .contains("Caused by: java.lang.IllegalArgumentException: 身份证 **************002X 与姓名不符")
                .contains("at io.switchboard.ops.PiiMaskingLogFilterTest.")
                .doesNotContain("13912345678", "li.lei@", "0202 0000", "11010519491231002X");
    }

    @Test
    void shouldLeaveARecordWithoutPersonalDataAsItWas() {
        IllegalStateException thrown = new IllegalStateException("broker did not answer within 4000 ms");
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "partition %d at offset %d", ExtLogRecord.FormatStyle.PRINTF,
                "io.switchboard.pipeline.Pipeline");
        record.setParameters(new Object[] {3, 123456789L});
        record.setThrown(thrown);

        new PiiMaskingLogFilter().isLoggable(record);

        assertThat(record.getFormattedMessage()).isEqualTo("partition 3 at offset 123456789");
        assertThat(record.getThrown()).isSameAs(thrown);
    }
}
