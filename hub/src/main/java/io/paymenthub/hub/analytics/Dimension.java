package io.paymenthub.hub.analytics;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an analytics query may filter on and group by: the allow-list. Card tokens, message ids, names and accounts
 * are not dimensions, so no query can single out a card or a person by them. Each value a filter names must have the
 * shape of the dimension's values.
 */
enum Dimension {
    REGION("region", "[a-z0-9-]{1,32}", true),
    ORIGIN_COUNTRY("origin_country", "[A-Z]{2}", true),
    CURRENCY("currency", "[A-Z]{3}", false),
    MESSAGE_TYPE("message_type", "[A-Za-z0-9.]{1,40}", false),
    SOURCE("source", "[a-z0-9-]{1,16}", true),
    FORMAT("format", "ISO8583|ISO20022", true),
    STATUS("status", "[A-Z_]{1,16}", false),
    RESIDENCY_OUTCOME("residency_outcome", "LOCAL|FOREIGN|UNKNOWN", true),
    MCC("mcc", "[0-9]{4}", false);

    private final String field;
    private final Pattern values;
    private final boolean knownForDecisions;

    Dimension(String field, String values, boolean knownForDecisions) {
        this.field = field;
        this.values = Pattern.compile(values);
        this.knownForDecisions = knownForDecisions;
    }

    /** Its name in a query and an answer; also its column in the rows an analytics query reads. */
    String field() {
        return field;
    }

    boolean accepts(String value) {
        return values.matcher(value).matches();
    }

    /** Whether a residency decision that stored no payment (FOREIGN, UNKNOWN) has a value for it. */
    boolean knownForDecisions() {
        return knownForDecisions;
    }

    static Optional<Dimension> named(String field) {
        return Arrays.stream(values()).filter(dimension -> dimension.field.equals(field)).findFirst();
    }
}
