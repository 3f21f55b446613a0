package io.paymenthub.hub.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import io.paymenthub.carddata.LogMasking;

/**
 * {@code %maskCardData(pattern)}: the whole formatted line, stack trace included, through {@link LogMasking} before
 * any appender writes it (logback-spring.xml), so a mistake elsewhere cannot put a PAN into a log.
 */
public final class MaskCardDataConverter extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return LogMasking.mask(in);
    }
}
