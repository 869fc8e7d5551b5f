package io.switchboard.channel.phone;

import io.switchboard.config.SwitchboardConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each CDR inbox holds: files dropped straight into the inbox use the default layout, files in a
 * subfolder named under {@code switchboard.phone.cdr.inboxes} use that PBX's layout, time zone and
 * number region. Layout names are {@code asterisk}, {@code freeswitch} (the {@code example} template)
 * or a custom mapping under {@code switchboard.phone.cdr.layouts.<name>}. Everything is checked at
 * start, so a typo in a mapping stops the gateway instead of sending every file to the error folder.
 */
@Singleton
public class CdrSources {

    public static final String ASTERISK = "asterisk";
    public static final String FREESWITCH = "freeswitch";

    /** How to read one inbox's files; carried on each raw message so replays read them the same way. */
    public record Source(String layout, ZoneId zone, String region) {}

    private final Map<String, Source> byFolder = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> customLayouts;
    private final Set<String> ownNumbers;
    private final Map<String, CallAssembler> assemblers = new ConcurrentHashMap<>();

    @Inject
    public CdrSources(SwitchboardConfig config) {
        this(config.phone().cdr().layout(), config.phone().cdr().timeZone(), config.phone().defaultRegion(),
                folders(config), config.phone().cdr().layouts(), Set.copyOf(config.phone().ownNumbers().orElse(List.of())));
    }

    public CdrSources(String rootLayout, Optional<String> rootZone, String defaultRegion, Map<String, Folder> folders,
                      Map<String, Map<String, String>> customLayouts, Set<String> ownNumbers) {
        this.customLayouts = Map.copyOf(customLayouts);
        this.ownNumbers = ownNumbers;
        byFolder.put("", source("the inbox", rootLayout, rootZone, defaultRegion));
        folders.forEach((name, f) -> byFolder.put(name, source("inbox " + name, f.layout(), f.timeZone(),
                f.region().orElse(defaultRegion))));
    }

    /** One subfolder's settings as configured. */
    public record Folder(String layout, Optional<String> timeZone, Optional<String> region) {}

    /** The settings of files in {@code folder} ("" for the inbox itself). */
    public Source forFolder(String folder) {
        Source source = byFolder.get(folder);
        if (source == null) {
            throw new IllegalArgumentException("no CDR inbox is configured for subfolder '" + folder
                    + "' (switchboard.phone.cdr.inboxes." + folder + ".layout)");
        }
        return source;
    }

    public CdrLayout layout(Source source) {
        return layout(source.layout(), source.zone());
    }

    public CdrLayout layout(String name, ZoneId zone) {
        switch (name) {
            case ASTERISK:
                return CdrLayout.asterisk(zone);
            case FREESWITCH:
                return CdrLayout.freeswitchExample(zone);
            default:
                Map<String, String> mapping = customLayouts.get(name);
                if (mapping == null) {
                    throw new IllegalArgumentException("unknown CDR layout '" + name + "': use " + ASTERISK + ", "
                            + FREESWITCH + " or define switchboard.phone.cdr.layouts." + name + ".<field>=<column>");
                }
                Map<String, String> withZone = new HashMap<>(mapping);
                boolean zoned = mapping.keySet().stream().anyMatch(k -> k.replace("-", "").equalsIgnoreCase("timezone"));
                if (!zoned) {
                    withZone.put("timeZone", zone.getId());
                }
                withZone.putIfAbsent("name", name);
                return CdrLayout.fromConfig(withZone);
        }
    }

    /** Legs → calls for numbers of {@code region}. */
    public CallAssembler assembler(String region) {
        return assemblers.computeIfAbsent(region, r -> new CallAssembler(CallAssembler.Config.builder()
                .numbers(new PhoneNumbers(r)).ownNumbers(ownNumbers).build()));
    }

    private Source source(String what, String layout, Optional<String> zone, String region) {
        ZoneId zoneId;
        try {
            zoneId = zone.map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("bad time zone '" + zone.get() + "' for " + what, e);
        }
        Source source = new Source(layout, zoneId, region);
        layout(source);
        assembler(region);
        return source;
    }

    private static Map<String, Folder> folders(SwitchboardConfig config) {
        Map<String, Folder> folders = new LinkedHashMap<>();
        config.phone().cdr().inboxes().forEach((name, inbox) ->
                folders.put(name, new Folder(inbox.layout(), inbox.timeZone(), inbox.defaultRegion())));
        return folders;
    }
}
