package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.ConfigProperties.Kind;
import io.switchboard.config.ConfigProperties.Property;
import io.switchboard.config.ConfigurationReference.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every property of {@link SwitchboardConfig} with the environment variable
 * Quarkus maps it from and the default the code gives it. Regenerate the table after changing the
 * interface (descriptions already written are kept, new rows say {@value ConfigurationReference#TODO}):
 *
 * <pre>mvn -B -o test -Dtest=ConfigurationReferenceTest -Dswitchboard.docs.regenerate=true</pre>
 *
 * With {@code -Dswitchboard.docs.descriptions-from=<file>} the meanings of rows the page lacks are taken
 * from that file's settings tables (e.g. another branch's README).
 */
class ConfigurationReferenceTest {

    static final Path PAGE = Path.of("docs/configuration.md");
    static final String REGENERATE = "switchboard.docs.regenerate";
    static final String DESCRIPTIONS_FROM = "switchboard.docs.descriptions-from";

    @Test
    void everySwitchboardPropertyHasARowWithItsEnvironmentVariableAndDefault() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        List<Row> expected = ConfigurationReference.expected(ConfigProperties.all(),
                ConfigurationReference.generatedRows(page), fallbackRows());
        if (Boolean.getBoolean(REGENERATE)) {
            page = ConfigurationReference.render(page, expected);
            Files.writeString(PAGE, page, StandardCharsets.UTF_8);
        }
        assertThat(ConfigurationReference.problems(ConfigurationReference.generatedRows(page), expected))
                .as("%s against SwitchboardConfig; regenerate with: mvn -B -o test -Dtest=ConfigurationReferenceTest -D%s=true,"
                        + " then write the meanings marked '%s'", PAGE, REGENERATE, ConfigurationReference.TODO)
                .isEmpty();
        assertThat(page).as("%s is exactly as generated (row order and layout)", PAGE)
                .isEqualTo(ConfigurationReference.render(page, expected));
    }

    @Test
    void otherSettingsShowThePackagedDefaults() throws IOException {
        Properties packaged = ConfigProperties.packagedDefaults();
        Matcher rows = Pattern.compile("(?m)^\\|\\s*`((?:quarkus|camel|kafka)\\.[^`]+)`\\s*\\|[^|]*\\|([^|]*)\\|")
                .matcher(Files.readString(PAGE, StandardCharsets.UTF_8));
        int checked = 0;
        while (rows.find()) {
            String value = packaged.getProperty(rows.group(1));
            if (value != null) {
                assertThat(rows.group(2)).as("default of %s", rows.group(1)).contains("`" + value + "`");
                checked++;
            }
        }
        assertThat(checked).as("rows of settings the jar's application.properties sets").isPositive();
    }

    @Test
    void environmentNamesFollowQuarkusRulesWithPlaceholdersKept() {
        assertThat(ConfigProperties.environmentVariable("switchboard.wechat.accounts.<name>.encoding-aes-key"))
                .isEqualTo("SWITCHBOARD_WECHAT_ACCOUNTS_<NAME>_ENCODING_AES_KEY");
        assertThat(ConfigProperties.pattern("switchboard.sla.<priority>.respond-within")).isEqualTo("switchboard.sla.*.respond-within");
    }

    @Test
    void propertiesComeFromTheInterfaceWithTheirDefaults() {
        Map<String, Property> all = ConfigProperties.all();
        assertThat(all).containsKeys("switchboard.data-dir", "switchboard.kafka.embedded.lib-dir",
                "switchboard.wechat.accounts.*.kind", "switchboard.sla.*.resolve-within", "switchboard.phone.cdr.layouts.*.*");
        assertThat(all.get("switchboard.ingress.ack-timeout").defaultValue()).contains("PT4S");
        assertThat(all.get("switchboard.phone.cdr.inbox").defaultValue()).as("set by the packaged application.properties")
                .contains("${switchboard.data-dir:./data}/cdr/inbox");
        assertThat(all.get("switchboard.db.url").kind()).isEqualTo(Kind.OPTIONAL);
        assertThat(all.get("switchboard.wechat.accounts.*.token").kind()).isEqualTo(Kind.REQUIRED);
        assertThat(all.get("switchboard.phone.cdr.layouts.*.*").kind()).isEqualTo(Kind.FREE_FORM);
    }

    @Test
    void regeneratingKeepsWrittenMeaningsAndPlaceholdersAndMarksNewRows() {
        Map<String, Property> properties = new TreeMap<>(Map.of(
                "switchboard.a", new Property("switchboard.a", Optional.of("5"), Kind.DEFAULTED),
                "switchboard.sla.*.b", new Property("switchboard.sla.*.b", Optional.empty(), Kind.OPTIONAL),
                "switchboard.c", new Property("switchboard.c", Optional.empty(), Kind.REQUIRED)));
        String page = "# Configuration\n\nintro\n\n" + ConfigurationReference.BEGIN + "\n" + ConfigurationReference.HEADER
                + "| `switchboard.a` | `SWITCHBOARD_A` | `4` | how many |\n"
                + "| `switchboard.sla.<priority>.b` | `SWITCHBOARD_SLA_<PRIORITY>_B` | routing.yaml | the b |\n"
                + "| `switchboard.gone` | `SWITCHBOARD_GONE` | `1` | removed long ago |\n"
                + ConfigurationReference.END + "\n\n## Other settings\n";

        List<Row> expected = ConfigurationReference.expected(properties, ConfigurationReference.generatedRows(page), Map.of());
        String regenerated = ConfigurationReference.render(page, expected);

        assertThat(ConfigurationReference.problems(ConfigurationReference.generatedRows(page), expected)).containsExactly(
                "switchboard.a: default is `5`, not `4`",
                "switchboard.c: no row",
                "switchboard.gone: no such property in SwitchboardConfig");
        assertThat(regenerated).startsWith("# Configuration\n\nintro\n\n").endsWith("\n\n## Other settings\n")
                .contains("| `switchboard.a` | `SWITCHBOARD_A` | `5` | how many |")
                .contains("| `switchboard.sla.<priority>.b` | `SWITCHBOARD_SLA_<PRIORITY>_B` | routing.yaml | the b |")
                .contains("| `switchboard.c` | `SWITCHBOARD_C` | none (required) | " + ConfigurationReference.TODO + " |")
                .doesNotContain("switchboard.gone");
        assertThat(ConfigurationReference.problems(ConfigurationReference.generatedRows(regenerated), expected))
                .containsExactly("switchboard.c: meaning not written yet");
    }

    @Test
    void meaningsMissingFromThePageAreTakenFromAnotherFilesSettingsTable() {
        Map<String, Property> properties = Map.of(
                "switchboard.x.*.y", new Property("switchboard.x.*.y", Optional.empty(), Kind.OPTIONAL));
        Map<String, Row> readme = ConfigurationReference.rows(
                "### Settings reference\n| property | environment variable | default | meaning |\n|---|---|---|---|\n"
                        + "| `switchboard.x.<mailbox>.y` | `SWITCHBOARD_X_<MAILBOX>_Y` | unset → off | the y of a mailbox |\n");

        assertThat(ConfigurationReference.expected(properties, Map.of(), readme)).containsExactly(new Row(
                "switchboard.x.<mailbox>.y", "SWITCHBOARD_X_<MAILBOX>_Y", "unset → off", "the y of a mailbox"));
    }

    private static Map<String, Row> fallbackRows() throws IOException {
        String from = System.getProperty(DESCRIPTIONS_FROM);
        return from == null || from.isBlank() ? Map.of()
                : ConfigurationReference.rows(Files.readString(Path.of(from), StandardCharsets.UTF_8));
    }
}
