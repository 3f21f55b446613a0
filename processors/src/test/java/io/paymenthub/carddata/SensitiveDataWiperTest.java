package io.paymenthub.carddata;

import com.solab.iso8583.IsoMessage;
import io.paymenthub.iso8583.Dialects;
import io.paymenthub.iso8583.Iso8583Dialect;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.paymenthub.samples.JposMessages.INDIA;
import static org.assertj.core.api.Assertions.assertThat;

class SensitiveDataWiperTest {

    private final Iso8583Dialect dialect = Dialects.ascii1987();
    private final SensitiveDataWiper wiper = new SensitiveDataWiper(dialect, SensitiveDataWiper.DEFAULT_WIPED_FIELDS);

    @Test
    void removesTrackPinAndEmvAndTruncatesThePan() {
        byte[] wire = JposMessages.purchase(5, INDIA).set(45, "B4111111111111111^DOE/JANE^29122011234").set(55, "9F2608AABBCCDDEEFF0011").pack();

        IsoMessage kept = dialect.read(wiper.wipe(wire, MessageFormat.ISO8583));

        assertThat(kept.hasAnyField(35, 45, 52, 55)).isFalse();
        assertThat(kept.getObjectValue(2).toString()).isEqualTo("411111******1111");
        assertThat(kept.getObjectValue(11).toString()).isEqualTo("000005");
    }

    @Test
    void aMessageAlreadyReadIsWipedAsItsBytesWouldBe() {
        byte[] wire = JposMessages.purchase(6, INDIA).set(45, "B4111111111111111^DOE/JANE^29122011234").set(55, "9F2608AABBCCDDEEFF0011").pack();

        assertThat(wiper.wipe(dialect.read(wire), null)).isEqualTo(wiper.wipe(wire, MessageFormat.ISO8583));
    }

    @Test
    void wipesByPatternWhatCannotBeParsed() {
        byte[] wire = JposMessages.purchase(5, INDIA).pack();
        byte[] broken = java.util.Arrays.copyOf(wire, wire.length - 20);

        String kept = new String(wiper.wipe(broken, MessageFormat.ISO8583), StandardCharsets.ISO_8859_1);

        assertThat(kept).doesNotContain(JposMessages.VISA_TEST_PAN);
        assertThat(PanMasking.containsLuhnValidRun(kept)).isFalse();
    }

    @Test
    void forSealingRemovesTracksPinAndEmvButKeepsTheWholePan() {
        byte[] wire = JposMessages.purchase(7, INDIA).set(36, "0141111111111111111=9912").set(45, "B4111111111111111^DOE/JANE^29122011234")
                .set(55, "9F2608AABBCCDDEEFF0011").pack();

        IsoMessage sealed = dialect.read(wiper.wipeAuthenticationData(wire, MessageFormat.ISO8583, null));

        assertThat(dialect.read(wire).hasAnyField(35, 36, 45, 52, 55)).isTrue();
        assertThat(sealed.hasAnyField(35, 36, 45, 52, 55)).isFalse();
        assertThat(sealed.getObjectValue(2).toString()).isEqualTo(JposMessages.VISA_TEST_PAN);
        assertThat(sealed.getObjectValue(11).toString()).isEqualTo("000007");
        assertThat(sealed.getObjectValue(19).toString()).isEqualTo(INDIA);
        assertThat(dialect.read(wiper.wipe(wire, MessageFormat.ISO8583)).getObjectValue(2).toString())
                .as("the kept copy still truncates the PAN").isEqualTo("411111******1111");
    }

    @Test
    void forSealingLeavesIso20022AsItIs() {
        byte[] xml = "<Document><CdtTrfTxInf/></Document>".getBytes(StandardCharsets.UTF_8);

        assertThat(wiper.wipeAuthenticationData(xml, MessageFormat.ISO20022, null)).isEqualTo(xml);
    }
}
