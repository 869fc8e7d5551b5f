package io.switchboard.ops;

import io.quarkus.logging.LoggingFilter;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Rewrites a log record with personal data masked before its handler formats it: the message, the
 * exception with its causes and suppressed exceptions, and MDC values. Named {@code pii-masking}; it is
 * set on every handler in application.properties ({@code quarkus.log.*.filter}), and LogMaskingWiringTest
 * fails when a handler Quarkus configures has not got it.
 */
@LoggingFilter(name = "pii-masking")
public final class PiiMaskingLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            ext.setMessage(PiiMasking.mask(formatted), ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(null);
            Map<String, String> maskedMdc = new HashMap<>();
            ext.getMdcCopy().forEach((key, value) -> {
                String masked = PiiMasking.mask(value);
                if (masked != null && !masked.equals(value)) {
                    maskedMdc.put(key, masked);
                }
            });
            maskedMdc.forEach(ext::putMdc);
        } else if (record.getMessage() != null) {
            record.setMessage(PiiMasking.mask(record.getMessage()));
        }
        record.setThrown(PiiMasking.mask(record.getThrown()));
        return true;
    }
}
