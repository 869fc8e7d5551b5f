package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ops.PiiMaskingLogFilter;
import java.util.logging.Handler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.AsyncHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.FileHandler;
import org.jboss.logmanager.handlers.SyslogHandler;
import org.junit.jupiter.api.Test;

/** The walker LogMaskingWiringTest relies on finds an unmasked handler wherever it hangs. */
class LogHandlersTest {

    @Test
    void shouldReportAHandlerOnACategoryThatHasNoMaskingFilter() throws Exception {
        LogContext context = LogContext.create();
        ConsoleHandler console = new ConsoleHandler();
        console.setFilter(new PiiMaskingLogFilter());
        context.getLogger("").addHandler(console);
        FileHandler audit = new FileHandler();
        context.getLogger("io.switchboard.audit").addHandler(audit);

        assertThat(LogHandlers.outputs(context)).containsExactlyInAnyOrder(
                new LogHandlers.Found("(root)", ConsoleHandler.class.getName(), true),
                new LogHandlers.Found("io.switchboard.audit", FileHandler.class.getName(), false));
    }

    @Test
    void shouldLookInsideWrappingHandlersAndAcceptAFilterOnTheWrapper() throws Exception {
        LogContext context = LogContext.create();
        AsyncHandler maskedAsync = new AsyncHandler();
        maskedAsync.setFilter(new PiiMaskingLogFilter());
        maskedAsync.setHandlers(new Handler[] {new ConsoleHandler()});
        AsyncHandler plainAsync = new AsyncHandler();
        plainAsync.setHandlers(new Handler[] {new SyslogHandler("127.0.0.1", 1)});
        context.getLogger("").addHandler(maskedAsync);
        context.getLogger("").addHandler(plainAsync);

        assertThat(LogHandlers.outputs(context)).containsExactlyInAnyOrder(
                new LogHandlers.Found("(root)", ConsoleHandler.class.getName(), true),
                new LogHandlers.Found("(root)", SyslogHandler.class.getName(), false));
        assertThat(LogHandlers.masks(null)).isFalse();
        assertThat(LogHandlers.masks(record -> true)).isFalse();
    }
}
