package io.switchboard.agent;

import java.time.Duration;

/**
 * @param groupId consumer group of switchboard.agent-events; instances in one group share partitions and timers
 * @param warnFraction the fraction of an SLA after which {@code sla-warning} goes out
 * @param surveyDelay time after {@code resolved} before the survey request, at most PT24H
 * @param fireBatch the most timers fired in one transaction
 */
public record AgentLoopSettings(String groupId, int maxPollRecords, double warnFraction, Duration surveyDelay,
        int fireBatch) {

    public AgentLoopSettings {
        if (warnFraction <= 0 || warnFraction > 1) {
            throw new IllegalArgumentException("switchboard.escalation.warn-fraction must be in (0, 1], not " + warnFraction);
        }
        if (surveyDelay.isNegative() || surveyDelay.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("switchboard.escalation.survey-delay must be between PT0S and PT24H, not "
                    + surveyDelay);
        }
    }
}
