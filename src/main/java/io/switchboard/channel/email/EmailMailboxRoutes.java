package io.switchboard.channel.email;

import io.switchboard.config.SwitchboardConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.mail.DefaultAuthenticator;
import org.apache.camel.spi.CamelEvent;
import org.jboss.logging.Logger;

/**
 * One {@code email-inbound-<name>} route per configured mailbox, from the template in
 * {@code routes/email-inbound.camel.yaml}: the number of mailboxes is configuration, the wiring is the route.
 */
@Singleton
public class EmailMailboxRoutes {

    private static final Logger LOG = Logger.getLogger(EmailMailboxRoutes.class);

    private final SwitchboardConfig config;

    @Inject
    public EmailMailboxRoutes(SwitchboardConfig config) {
        this.config = config;
    }

    void addMailboxRoutes(@Observes CamelEvent.CamelContextStartedEvent started) {
        CamelContext camel = started.getContext();
        config.email().mailboxes().forEach((name, mailbox) -> {
            Map<String, Object> parameters = MailboxRouteParameters.of(name, mailbox);
            TemplatedRouteBuilder.builder(camel, MailboxRouteParameters.TEMPLATE_ID)
                    .routeId(MailboxRouteParameters.routeId(name))
                    .parameters(parameters)
                    .bean(MailboxRouteParameters.authenticatorBean(name),
                            new DefaultAuthenticator(mailbox.username(), mailbox.password()))
                    .add();
            LOG.infof("Polling mailbox %s: %s://%s:%s/%s every %s ms", name, parameters.get("protocol"),
                    parameters.get("host"), parameters.get("port"), parameters.get("folder"), parameters.get("delay"));
        });
    }
}
