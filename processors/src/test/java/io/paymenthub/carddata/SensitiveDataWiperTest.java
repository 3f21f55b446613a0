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
    private final SensitiveDataWiper wiper = new SensitiveDataWiper(dialect);
    /** Track 3 as ISO 4909 writes it, separators as digits would be sent in a numeric DE 36. */
    private static final String TRACK3 = "01" + JposMessages.VISA_TEST_PAN + "7247241000000000000303000404000990100000000000000000";
    private static final String EMV = "9F2608AABBCCDDEEFF00119F3704A1B2C3D4";
    private static final String CVV2 = "739";

    @Test
    void removesTrackPinAndEmvAndTruncatesThePan() {
        byte[] wire = JposMessages.purchase(5, INDIA).set(45, "B4111111111111111^DOE/JANE^29122011234").set(55, "9F2608AABBCCDDEEFF0011").pack();

        IsoMessage kept = dialect.readUnchecked(wiper.wipe(wire, MessageFormat.ISO8583));

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
    void aMessageRejectedForWhatAFieldHoldsIsStillWipedFieldByField() {
        byte[] wire = JposMessages.purchase(11, INDIA).set(49, "ZZZ").pack();

        IsoMessage kept = dialect.readUnchecked(wiper.wipe(wire, MessageFormat.ISO8583));

        assertThat(kept.hasAnyField(35, 52)).isFalse();
        assertThat(kept.getObjectValue(2).toString()).isEqualTo("411111******1111");
        assertThat(kept.getObjectValue(11).toString()).isEqualTo("000011");
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
    void wipesTrackThreeAndTheDialectsCvv2SubfieldAndTruncatesTheExtendedPan() {
        byte[] wire = JposMessages.purchase(7, INDIA).set(36, TRACK3).set(55, EMV).set(34, "4111111111111111")
                .set(48, "0104ABCD" + "9203" + CVV2 + "1102XY").pack();

        IsoMessage kept = dialect.readUnchecked(wiper.wipe(wire, MessageFormat.ISO8583));

        assertThat(kept.hasAnyField(35, 36, 45, 52, 55)).isFalse();
        assertThat(kept.getObjectValue(34).toString()).isEqualTo("411111******1111");
        assertThat(kept.getObjectValue(48).toString()).isEqualTo("0104ABCD1102XY");
        assertThat(new String(dialect.write(kept), StandardCharsets.US_ASCII)).doesNotContain("9203" + CVV2)
                .doesNotContain(JposMessages.PIN_BLOCK).doesNotContain("AABBCCDDEEFF").doesNotContain("72472410000000");
    }

    @Test
    void aCvv2CarrierThatDoesNotReadAsTaggedSubfieldsIsWipedWhole() {
        byte[] wire = JposMessages.purchase(8, INDIA).set(48, "CVV2=" + CVV2 + " free text").pack();

        IsoMessage kept = dialect.readUnchecked(wiper.wipe(wire, MessageFormat.ISO8583));

        assertThat(kept.hasField(48)).isFalse();
        assertThat(kept.getObjectValue(11).toString()).isEqualTo("000008");
    }

    @Test
    void ofAMessageThatCannotBeReadOnlyTheReferencesAreKept() {
        byte[] wire = JposMessages.purchase(9, INDIA).set(55, EMV).set(36, TRACK3).pack();
        byte[] broken = java.util.Arrays.copyOf(wire, wire.length - 3); // cut inside the last field (DE 55)

        String kept = new String(wiper.wipe(broken, MessageFormat.ISO8583), StandardCharsets.US_ASCII);

        assertThat(kept).isEqualTo("unparsed ISO 8583 message (" + broken.length + " bytes not kept); MTI=0200"
                + " DE11=000009 DE37=000000000009 DE41=TERM0001");
    }

    @Test
    void ofAMessageWhoseFieldsCannotBeWalkedTheMtiIsAllThatIsKept() {
        byte[] wire = JposMessages.purchase(10, INDIA).pack();
        byte[] garbled = java.util.Arrays.copyOf(wire, wire.length);
        garbled[4] = 'Z'; // the bitmap is no longer hex

        assertThat(new String(wiper.wipe(garbled, MessageFormat.ISO8583), StandardCharsets.US_ASCII))
                .isEqualTo("unparsed ISO 8583 message (" + garbled.length + " bytes not kept); MTI=0200");
    }

    @Test
    void forSealingRemovesTracksPinAndEmvButKeepsTheWholePan() {
        byte[] wire = JposMessages.purchase(7, INDIA).set(36, TRACK3).set(48, "9203" + CVV2).set(45, "B4111111111111111^DOE/JANE^29122011234")
                .set(55, "9F2608AABBCCDDEEFF0011").pack();

        IsoMessage sealed = dialect.read(wiper.wipeAuthenticationData(wire, MessageFormat.ISO8583, null));

        assertThat(dialect.read(wire).hasAnyField(35, 36, 45, 52, 55)).isTrue();
        assertThat(sealed.hasAnyField(35, 36, 45, 48, 52, 55)).isFalse();
        assertThat(sealed.getObjectValue(2).toString()).isEqualTo(JposMessages.VISA_TEST_PAN);
        assertThat(sealed.getObjectValue(11).toString()).isEqualTo("000007");
        assertThat(sealed.getObjectValue(19).toString()).isEqualTo(INDIA);
        assertThat(dialect.readUnchecked(wiper.wipe(wire, MessageFormat.ISO8583)).getObjectValue(2).toString())
                .as("the kept copy still truncates the PAN").isEqualTo("411111******1111");
    }

    @Test
    void forSealingLeavesIso20022AsItIs() {
        byte[] xml = "<Document><CdtTrfTxInf/></Document>".getBytes(StandardCharsets.UTF_8);

        assertThat(wiper.wipeAuthenticationData(xml, MessageFormat.ISO20022, null)).isEqualTo(xml);
    }
}
