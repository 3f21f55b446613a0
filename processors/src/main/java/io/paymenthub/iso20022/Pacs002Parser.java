package io.paymenthub.iso20022;

import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.StatusReport;
import io.paymenthub.payment.StatusReport.StatusUpdate;

import javax.xml.stream.XMLStreamReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.paymenthub.iso20022.Iso20022Values.UETR;
import static io.paymenthub.iso20022.Iso20022Values.matching;
import static io.paymenthub.iso20022.Iso20022Values.max35;
import static io.paymenthub.iso20022.Iso20022Values.required;

/**
 * An FI-to-FI payment status report (pacs.002, e.g. 001.10): one status per {@code TxInfAndSts}, for the payment
 * named by OrgnlUETR, else by OrgnlMsgId (transaction level, else group level) and OrgnlEndToEndId.
 */
final class Pacs002Parser {

    private static final String ROOT = "FIToFIPmtStsRpt/";
    private static final String TX = ROOT + "TxInfAndSts";
    private static final Pattern STATUS = Pattern.compile("[A-Z]{4}");
    /** ExternalStatusReason1Code: one to four characters, e.g. {@code AC04}; the datastore keeps at most eight. */
    private static final Pattern REASON = Pattern.compile("[A-Za-z0-9]{1,4}");

    StatusReport parse(byte[] xml) {
        Map<String, String> group = new HashMap<>();
        List<Map<String, String>> transactions = new ArrayList<>();
        XmlElements.read(xml, new XmlElements.Handler() {
            @Override
            public void start(String path, XMLStreamReader element) {
                if (path.equals(TX)) {
                    transactions.add(new HashMap<>());
                }
            }

            @Override
            public void end(String path, String text) {
                if (path.startsWith(TX + "/")) {
                    transactions.get(transactions.size() - 1).put(path.substring(TX.length() + 1), text);
                } else if (path.startsWith(ROOT)) {
                    group.put(path.substring(ROOT.length()), text);
                }
            }
        });
        String reportId = max35(group.get("GrpHdr/MsgId"), "GrpHdr/MsgId");
        if (transactions.isEmpty()) {
            throw new MessageRejected("TxInfAndSts", "missing: only transaction-level statuses are applied");
        }
        List<StatusUpdate> updates = new ArrayList<>(transactions.size());
        for (int i = 0; i < transactions.size(); i++) {
            updates.add(update(transactions.get(i), group, "TxInfAndSts[" + (i + 1) + "]"));
        }
        return new StatusReport(reportId, updates);
    }

    private static StatusUpdate update(Map<String, String> tx, Map<String, String> group, String where) {
        String status = matching(required(tx.get("TxSts"), where + "/TxSts"), where + "/TxSts", STATUS, "not an ISO 20022 status code");
        String uetr = matching(tx.get("OrgnlUETR"), where + "/OrgnlUETR", UETR, "not a UUID v4");
        String payment;
        if (uetr != null) {
            payment = uetr;
        } else {
            String originalMessage = tx.getOrDefault("OrgnlGrpInf/OrgnlMsgId", group.get("OrgnlGrpInfAndSts/OrgnlMsgId"));
            payment = max35(originalMessage, where + "/OrgnlGrpInf/OrgnlMsgId") + ":"
                    + max35(tx.get("OrgnlEndToEndId"), where + "/OrgnlEndToEndId");
        }
        String reason = matching(tx.get("StsRsnInf/Rsn/Cd"), where + "/StsRsnInf/Rsn/Cd", REASON, "not an ISO 20022 status reason code");
        return new StatusUpdate(payment, status, reason);
    }
}
