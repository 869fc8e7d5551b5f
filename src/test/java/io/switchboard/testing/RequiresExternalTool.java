package io.switchboard.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class needs these programs: it is skipped before anything starts (no Quarkus
 * application, no broker) where one is missing, or fails where {@link ExternalTool#requiredBy} says so.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ExternalToolCondition.class)
public @interface RequiresExternalTool {
    ExternalTool[] value();
}
