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

    @Test
    void anUnknownFormatHeaderIsRefusedWithoutEchoingWhatItHeld() {
        assertThatThrownBy(() -> MessageFormat.fromHeader("pan 4111111111111111 <script>"))
                .isInstanceOf(MessageRejected.class)
                .hasMessage("hub-format: unknown format: must be one of iso8583, iso20022");
        assertThat(MessageFormat.fromHeader(" ISO8583 ")).isEqualTo(MessageFormat.ISO8583);
    }
}
