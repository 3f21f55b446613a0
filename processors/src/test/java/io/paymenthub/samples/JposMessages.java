package io.paymenthub.samples;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87APackager;

import java.util.Map;
import java.util.TreeMap;

/**
 * ISO 8583:1987 ASCII messages built by an independent implementation (jPOS, test scope only),
 * so the hub's codec is tested against a peer, not against itself. PANs are scheme test numbers.
 */
public final class JposMessages {

    public static final String VISA_TEST_PAN = "4111111111111111";
    public static final String MASTERCARD_TEST_PAN = "5555555555554444";
    public static final String TRACK2 = VISA_TEST_PAN + "D29122011234567800000";
    public static final String PIN_BLOCK = "1A2B3C4D5E6F7081";
    public static final String INDIA = "356";
    public static final String SINGAPORE = "702";

    private final Map<Integer, String> fields = new TreeMap<>();
    private String mti = "0200";

    private JposMessages() {
    }

    /** A purchase 0200 with card, track 2 and PIN block, acquired in the given ISO 3166 numeric country. */
    public static JposMessages purchase(int stan, String acquirerCountry) {
        JposMessages m = new JposMessages();
        m.fields.put(2, VISA_TEST_PAN);
        m.fields.put(3, "000000");
        m.fields.put(4, "000000012550");
        m.fields.put(7, "1126101500");
        m.fields.put(11, String.format("%06d", stan));
        m.fields.put(22, "051");
        m.fields.put(32, "400123");
        m.fields.put(35, TRACK2);
        m.fields.put(37, String.format("%012d", stan));
        m.fields.put(41, "TERM0001");
        m.fields.put(42, "MERCHANT0000001");
        m.fields.put(49, "356");
        m.fields.put(52, PIN_BLOCK);
        if (acquirerCountry != null) {
            m.fields.put(19, acquirerCountry);
        }
        return m;
    }

    public JposMessages mti(String value) {
        this.mti = value;
        return this;
    }

    public JposMessages set(int field, String value) {
        fields.put(field, value);
        return this;
    }

    public JposMessages unset(int field) {
        fields.remove(field);
        return this;
    }

    public byte[] pack() {
        try {
            ISOMsg msg = new ISOMsg(mti);
            msg.setPackager(new ISO87APackager());
            for (Map.Entry<Integer, String> field : fields.entrySet()) {
                if (field.getKey() == 52) {
                    msg.set(52, org.jpos.iso.ISOUtil.hex2byte(field.getValue()));
                } else {
                    msg.set(field.getKey(), field.getValue());
                }
            }
            return msg.pack();
        } catch (ISOException e) {
            throw new IllegalStateException(e);
        }
    }
}
