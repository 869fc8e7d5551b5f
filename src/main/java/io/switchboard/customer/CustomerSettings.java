package io.switchboard.customer;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Identity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code switchboard.customers.*} settings, with the VIP list already in canonical identity form. */
@Singleton
public class CustomerSettings {

    private final IdentityKeys keys;
    private final Duration conversationWindow;
    private final int recentContacts;
    private final int regularAfter;
    private final Set<Identity> vipIdentities;

    @Inject
    public CustomerSettings(SwitchboardConfig config,
            @ConfigProperty(name = "switchboard.phone.default-region", defaultValue = "CN") String defaultRegion) {
        this(new IdentityKeys(config.customers().identityTypes(), defaultRegion), config.customers().conversationWindow(),
                config.customers().recentContacts(), config.customers().regularAfter(),
                config.customers().vipIdentities().orElse(List.of()));
    }

    public CustomerSettings(IdentityKeys keys, Duration conversationWindow, int recentContacts, int regularAfter,
            List<String> vipIdentities) {
        this.keys = keys;
        this.conversationWindow = conversationWindow;
        this.recentContacts = recentContacts;
        this.regularAfter = regularAfter;
        this.vipIdentities = vipIdentities.stream().filter(s -> !s.isBlank()).map(keys::parse)
                .flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet());
    }

    public IdentityKeys keys() {
        return keys;
    }

    public Duration conversationWindow() {
        return conversationWindow;
    }

    public int recentContacts() {
        return recentContacts;
    }

    public int regularAfter() {
        return regularAfter;
    }

    public Set<Identity> vipIdentities() {
        return vipIdentities;
    }
}
