package io.paymenthub.iso20022;

import io.paymenthub.carddata.PanMasking;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.OriginSignal;
import io.paymenthub.payment.Payment;

import javax.xml.stream.XMLStreamReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.paymenthub.iso20022.Iso20022Values.BIC;
import static io.paymenthub.iso20022.Iso20022Values.COUNTRY;
import static io.paymenthub.iso20022.Iso20022Values.IBAN;
import static io.paymenthub.iso20022.Iso20022Values.UETR;
import static io.paymenthub.iso20022.Iso20022Values.decimal;
import static io.paymenthub.iso20022.Iso20022Values.matching;
import static io.paymenthub.iso20022.Iso20022Values.max35;
import static io.paymenthub.iso20022.Iso20022Values.required;

/**
 * A customer credit transfer initiation (pain.001, e.g. 001.09) into one payment per {@code CdtTrfTxInf}.
 * The file is read twice as a stream, never built as a tree: first to reconcile {@code NbOfTxs} and
 * {@code CtrlSum} (group and payment-information level) — a file that does not reconcile is rejected whole — then
 * to map each transaction with its {@code PmtInf}'s debtor.
 */
final class Pain001Parser {

    private static final String ROOT = "CstmrCdtTrfInitn/";
    private static final String PMT_INF = ROOT + "PmtInf";
    private static final String TX = PMT_INF + "/CdtTrfTxInf";
    private static final Pattern MAX15_NUMERIC = Pattern.compile("[0-9]{1,15}");
    private static final Pattern LONG_DIGIT_RUN = Pattern.compile("[0-9]{13,}");

    List<Payment> parse(byte[] xml, String definition, Instant receivedAt) {
        reconcile(xml);
        Mapper mapper = new Mapper(definition, receivedAt);
        XmlElements.read(xml, mapper);
        return mapper.payments;
    }

    /** First pass: the declared counts and sums against the transactions actually in the file. */
    private static void reconcile(byte[] xml) {
        Totals file = new Totals("GrpHdr");
        List<Totals> blocks = new ArrayList<>();
        XmlElements.read(xml, new XmlElements.Handler() {
            @Override
            public void start(String path, XMLStreamReader element) {
                if (path.equals(PMT_INF)) {
                    blocks.add(new Totals("PmtInf[" + (blocks.size() + 1) + "]"));
                }
            }

            @Override
            public void end(String path, String text) {
                switch (path) {
                    case ROOT + "GrpHdr/NbOfTxs" -> file.declaredCount = text;
                    case ROOT + "GrpHdr/CtrlSum" -> file.declaredSum = text;
                    case PMT_INF + "/NbOfTxs" -> last(blocks).declaredCount = text;
                    case PMT_INF + "/CtrlSum" -> last(blocks).declaredSum = text;
                    case TX + "/Amt/InstdAmt" -> {
                        BigDecimal amount = decimal(text, last(blocks).name + "/CdtTrfTxInf[" + (last(blocks).count + 1) + "]/Amt/InstdAmt");
                        file.add(amount);
                        last(blocks).add(amount);
                    }
                    default -> {
                    }
                }
            }
        });
        required(file.declaredCount, "GrpHdr/NbOfTxs");
        if (file.count == 0) {
            throw new MessageRejected("PmtInf/CdtTrfTxInf", "missing");
        }
        file.check();
        blocks.forEach(Totals::check);
    }

    private static Totals last(List<Totals> blocks) {
        if (blocks.isEmpty()) {
            throw new MessageRejected("PmtInf", "missing");
        }
        return blocks.get(blocks.size() - 1);
    }

    private static final class Totals {
        private final String name;
        private String declaredCount;
        private String declaredSum;
        private int count;
        private BigDecimal sum = BigDecimal.ZERO;

        Totals(String name) {
            this.name = name;
        }

        void add(BigDecimal amount) {
            count++;
            sum = sum.add(amount);
        }

        void check() {
            if (declaredCount != null && !MAX15_NUMERIC.matcher(declaredCount).matches()) {
                throw new MessageRejected(name + "/NbOfTxs", "not a number of at most 15 digits");
            }
            if (declaredCount != null && !declaredCount.equals(Integer.toString(count))) {
                throw new MessageRejected(name + "/NbOfTxs", "declares " + shown(declaredCount) + " transactions, the file holds " + count);
            }
            if (declaredSum != null && decimal(declaredSum, name + "/CtrlSum").compareTo(sum) != 0) {
                throw new MessageRejected(name + "/CtrlSum", "declares " + shown(declaredSum) + ", the transactions add up to "
                        + shown(sum.toPlainString()));
            }
        }

        /**
         * A number as a rejection may show it: any run of 13 or more digits could hold a PAN, so it keeps its first six
         * and last four digits only, {@code 4111111111111111} → {@code 411111******1111}; {@code 3750.50} stays.
         */
        private static String shown(String number) {
            return LONG_DIGIT_RUN.matcher(number).replaceAll(run -> PanMasking.mask(run.group()));
        }
    }

    /** Second pass: one payment per transaction, with its block's debtor. */
    private static final class Mapper implements XmlElements.Handler {
        private final String definition;
        private final Instant receivedAt;
        private final List<Payment> payments = new ArrayList<>();
        private String msgId;
        private int block;
        private Map<String, String> debtor;
        private int transaction;
        private Map<String, String> tx;
        private String currency;

        Mapper(String definition, Instant receivedAt) {
            this.definition = definition;
            this.receivedAt = receivedAt;
        }

        @Override
        public void start(String path, XMLStreamReader element) {
            if (path.equals(PMT_INF)) {
                block++;
                transaction = 0;
                debtor = new LinkedHashMap<>();
            } else if (path.equals(TX)) {
                transaction++;
                tx = new LinkedHashMap<>();
                currency = null;
            } else if (path.equals(TX + "/Amt/InstdAmt")) {
                currency = element.getAttributeValue(null, "Ccy");
            }
        }

        @Override
        public void end(String path, String text) {
            if (path.equals(ROOT + "GrpHdr/MsgId")) {
                msgId = text;
            } else if (path.equals(TX)) {
                payments.add(payment());
                tx = null;
            } else if (tx != null && path.startsWith(TX + "/")) {
                tx.put(path.substring(TX.length() + 1), text);
            } else if (debtor != null && path.startsWith(PMT_INF + "/") && !text.isEmpty()) {
                debtor.put(path.substring(PMT_INF.length() + 1), text);
            }
        }

        private Payment payment() {
            String where = "PmtInf[" + block + "]/CdtTrfTxInf[" + transaction + "]";
            String endToEnd = max35(tx.get("PmtId/EndToEndId"), where + "/PmtId/EndToEndId");
            String uetr = matching(tx.get("PmtId/UETR"), where + "/PmtId/UETR", UETR, "not a UUID v4");
            max35(msgId, "GrpHdr/MsgId");
            Map<String, String> references = new LinkedHashMap<>();
            references.put("MsgId", msgId);
            references.put("EndToEndId", endToEnd);
            if (uetr != null) {
                references.put("UETR", uetr);
            }
            long amount = Iso20022Values.minorUnits(decimal(tx.get("Amt/InstdAmt"), where + "/Amt/InstdAmt"),
                    currency, where + "/Amt/InstdAmt");
            return new Payment(uetr != null ? uetr : msgId + ":" + endToEnd, MessageFormat.ISO20022, definition,
                    references, originSignals(), amount, currency, null, null, personalData(), null, receivedAt);
        }

        /** In DESIGN.md residency order: debtor agent BIC, then debtor IBAN, then debtor address country. */
        private List<OriginSignal> originSignals() {
            List<OriginSignal> signals = new ArrayList<>(3);
            String bic = matching(debtor.get("DbtrAgt/FinInstnId/BICFI"), "PmtInf[" + block + "]/DbtrAgt/FinInstnId/BICFI", BIC, "not a BIC");
            if (bic != null) {
                signals.add(new OriginSignal("DbtrAgt/FinInstnId/BICFI", bic.substring(4, 6)));
            }
            String iban = matching(debtor.get("DbtrAcct/Id/IBAN"), "PmtInf[" + block + "]/DbtrAcct/Id/IBAN", IBAN, "not an IBAN");
            if (iban != null) {
                signals.add(new OriginSignal("DbtrAcct/Id/IBAN", iban.substring(0, 2)));
            }
            String country = matching(debtor.get("Dbtr/PstlAdr/Ctry"), "PmtInf[" + block + "]/Dbtr/PstlAdr/Ctry", COUNTRY, "not an ISO 3166 alpha-2 country code");
            if (country != null) {
                signals.add(new OriginSignal("Dbtr/PstlAdr/Ctry", country));
            }
            return signals;
        }

        private Map<String, String> personalData() {
            Map<String, String> data = new LinkedHashMap<>();
            putFirst(data, "Dbtr/Nm", debtor.get("Dbtr/Nm"));
            putFirst(data, "DbtrAcct/Id", debtor.get("DbtrAcct/Id/IBAN"), debtor.get("DbtrAcct/Id/Othr/Id"));
            putFirst(data, "Dbtr/PstlAdr", address(debtor, "Dbtr/PstlAdr/"));
            putFirst(data, "Cdtr/Nm", tx.get("Cdtr/Nm"));
            putFirst(data, "CdtrAcct/Id", tx.get("CdtrAcct/Id/IBAN"), tx.get("CdtrAcct/Id/Othr/Id"));
            putFirst(data, "Cdtr/PstlAdr", address(tx, "Cdtr/PstlAdr/"));
            putFirst(data, "RmtInf/Ustrd", tx.get("RmtInf/Ustrd"));
            return data;
        }

        private static String address(Map<String, String> fields, String prefix) {
            List<String> parts = new ArrayList<>();
            fields.forEach((path, value) -> {
                if (path.startsWith(prefix)) {
                    parts.add(value);
                }
            });
            return parts.isEmpty() ? null : String.join(", ", parts);
        }

        private static void putFirst(Map<String, String> data, String key, String... candidates) {
            for (String candidate : candidates) {
                if (candidate != null && !candidate.isEmpty()) {
                    data.put(key, candidate);
                    return;
                }
            }
        }
    }
}
