package cn.shuangkong.monitoring.internal;

import cn.shuangkong.risk.RiskDocuments;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** 重大危险源公示牌 (PDF, A4 landscape): the unit, its level, substances and the 包保 persons, posted at the site. */
@Component
public class MajorHazardSign {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RiskDocuments documents;
    private final MajorHazardSources sources;
    private final Clock clock;

    MajorHazardSign(RiskDocuments documents, MajorHazardSources sources, Clock clock) {
        this.documents = documents;
        this.sources = sources;
        this.clock = clock;
    }

    public byte[] render(MajorHazardSources.Source s) {
        var ctx = new Context();
        ctx.setVariable("s", s);
        var history = sources.history(s.id());
        ctx.setVariable("lines", history.isEmpty() ? List.of() : lines(history.get(0).result()));
        ctx.setVariable("today", LocalDate.now(clock));
        return documents.pdf("pdf/major-hazard-sign", ctx);
    }

    /** The calculation's lines from a stored result snapshot: substance, q, Q, q/Q, β. */
    public static List<Map<String, String>> lines(String resultJson) {
        List<Map<String, String>> out = new ArrayList<>();
        JsonNode root = JSON.readTree(resultJson);
        for (JsonNode l : root.path("lines")) {
            out.add(Map.of("substance", l.path("substance").asString(""), "quantity", num(l.get("quantity")),
                    "critical", num(l.get("criticalQuantity")), "ratio", num(l.get("ratio")), "beta", num(l.get("beta"))));
        }
        return out;
    }

    private static String num(JsonNode n) {
        if (n == null || n.isNull()) return "—";
        return n.decimalValue().setScale(Math.min(n.decimalValue().scale(), 4), java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
