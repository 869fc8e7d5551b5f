package io.switchboard.ops;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/** Rewrites every log message with personal data masked before any handler sees it. */
@LoggingFilter(name = "pii-masking")
public final class PiiMaskingLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            ext.setMessage(PiiMasking.mask(formatted), ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(null);
        } else if (record.getMessage() != null) {
            record.setMessage(PiiMasking.mask(record.getMessage()));
        }
        return true;
    }
}
