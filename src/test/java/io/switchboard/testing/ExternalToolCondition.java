package io.switchboard.testing;

import static org.junit.jupiter.api.extension.ConditionEvaluationResult.disabled;
import static org.junit.jupiter.api.extension.ConditionEvaluationResult.enabled;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link RequiresExternalTool}: enabled when every tool is there, else skipped or failed. */
public class ExternalToolCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<ExternalTool> missing = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresExternalTool.class))
                .map(annotation -> Arrays.stream(annotation.value()).filter(tool -> tool.locate().isEmpty()).toList())
                .orElse(List.of());
        for (ExternalTool tool : missing) {
            if (tool.required()) {
                throw new IllegalStateException(tool.missing());
            }
        }
        return missing.isEmpty() ? enabled("every external tool is there")
                : disabled("skipped: " + String.join("; ", missing.stream().map(ExternalTool::missing).toList()));
    }
}
