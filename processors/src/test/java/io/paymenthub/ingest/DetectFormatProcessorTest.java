package io.paymenthub.ingest;

import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectFormatProcessorTest {

    @Test
    void sniffsTheFormatFromTheFirstBytes() {
        assertThat(DetectFormatProcessor.sniff("0200F23A...".getBytes())).isEqualTo(MessageFormat.ISO8583);
        assertThat(DetectFormatProcessor.sniff("\n  <?xml version=\"1.0\"?><Document/>".getBytes())).isEqualTo(MessageFormat.ISO20022);
        assertThatThrownBy(() -> DetectFormatProcessor.sniff("{\"json\":1}".getBytes()))
                .isInstanceOf(MessageRejected.class).hasMessageStartingWith("payload:");
    }
}
