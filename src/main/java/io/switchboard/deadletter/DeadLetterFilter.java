package io.switchboard.deadletter;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** Which dead letters an operator means: by stage (exact), reason (contains, any case) and source topic. */
public record DeadLetterFilter(Optional<String> stage, Optional<String> reason, Optional<String> sourceTopic)
        implements Predicate<DeadLetter> {

    @Override
    public boolean test(DeadLetter letter) {
        return stage.map(s -> s.equals(letter.stage())).orElse(true)
                && reason.map(r -> letter.reason().toLowerCase(Locale.ROOT).contains(r.toLowerCase(Locale.ROOT))).orElse(true)
                && sourceTopic.map(t -> letter.sourceTopic().filter(t::equals).isPresent()).orElse(true);
    }

    public boolean isEmpty() {
        return stage.isEmpty() && reason.isEmpty() && sourceTopic.isEmpty();
    }
}
