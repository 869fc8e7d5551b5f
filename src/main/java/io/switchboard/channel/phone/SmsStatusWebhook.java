package io.switchboard.channel.phone;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import io.switchboard.ingress.WebhookRefusals;
import io.switchboard.ops.IngressMetrics;
import io.switchboard.outbound.DeliveryReport;
import io.switchboard.outbound.DeliveryReports;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/phone/sms-status}: Twilio's delivery statuses of SMS replies, posted to the
 * {@code StatusCallback} every SMS is sent with ({@code switchboard.phone.sms.status-callback-url}). The signature is
 * checked over that URL, which is what Twilio signs whatever proxy stands in between. A report naming no sent reply
 * (a message another system sent from the account, a report repeated or out of order) is answered 204 too and
 * changes nothing: Twilio does not resend a refused callback, it only logs it as an error of the account.
 */
@Singleton
public class SmsStatusWebhook {

    private static final Logger LOG = Logger.getLogger(SmsStatusWebhook.class);
    private static final String FORM = "application/x-www-form-urlencoded";

    private final SmsStatusCallbacks callbacks;
    private final DeliveryReports reports;
    private final Optional<String> statusCallbackUrl;
    private final IngressMetrics metrics;
    private final int retryAfterSeconds;

    @Inject
    public SmsStatusWebhook(SmsStatusCallbacks callbacks, DeliveryReports reports, IngressMetrics metrics,
            SwitchboardConfig config) {
        this.callbacks = callbacks;
        this.reports = reports;
        this.statusCallbackUrl = config.phone().sms().statusCallbackUrl();
        this.metrics = metrics;
        this.retryAfterSeconds = config.ingress().retryAfterSeconds();
    }

    /** Runs on a worker thread: it waits for the database. */
    public void handle(RoutingContext ctx) {
        if (!PhoneWebhook.mediaType(ctx.request().getHeader("Content-Type")).equals(FORM)) {
            metrics.rejected(Channel.PHONE, "media-type");
            HttpErrors.send(ctx.response(), 415, "unsupported_media_type",
                    "Twilio status callbacks are application/x-www-form-urlencoded", null);
            return;
        }
        Buffer buffer = ctx.body().buffer();
        String url = PublicUrl.of(statusCallbackUrl, ctx.request().scheme(), ctx.request().uri(),
                ctx.request()::getHeader);
        try {
            DeliveryReport report = callbacks.verify(url, buffer == null ? new byte[0] : buffer.getBytes(),
                    ctx.request().getHeader(TwilioSignature.HEADER));
            Optional<String> reply = reports.apply(Channel.PHONE, report);
            if (reply.isEmpty() && report.state() != DeliveryReport.State.INTERIM) {
                LOG.infof("SMS %s reported %s names no sent reply; ignored", report.providerMessageId(),
                        report.providerStatus());
            }
            ctx.response().setStatusCode(204).end();
        } catch (SignatureRejectedException e) {
            WebhookRefusals.signature(ctx.response(), metrics, Channel.PHONE, e);
        } catch (InvalidPayloadException e) {
            WebhookRefusals.payload(ctx.response(), metrics, Channel.PHONE, e);
        } catch (SQLException e) {
            LOG.warnf("SMS status could not be stored: %s", e.toString());
            HttpErrors.unavailable(ctx.response(), retryAfterSeconds, "the reply store is not available");
        }
    }
}
