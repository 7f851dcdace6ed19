package cn.shuangkong.occupational.internal;

import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.risk.RiskDocuments;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * 职业病危害告知卡 of one post (PDF, A4): each factor with its 健康危害, 防护措施 and 应急救治, the warning signs of their
 * kinds and the numbers to call — the 警示说明 the post shows where it is easily seen. Rendered through risk's
 * {@link RiskDocuments}, the platform's one PDF renderer with the embedded font.
 */
@Service
public class NoticeCards {

    private final OccupationalFactors factors;
    private final Enterprises enterprises;
    private final RiskDocuments documents;
    private final Clock clock;

    NoticeCards(OccupationalFactors factors, Enterprises enterprises, RiskDocuments documents, Clock clock) {
        this.factors = factors;
        this.enterprises = enterprises;
        this.documents = documents;
        this.clock = clock;
    }

    /** The card of a post in the caller's scope that has factors; 404 otherwise. */
    public byte[] render(Jurisdiction scope, long postId) {
        var list = factors.ofPost(scope, postId);
        if (list.isEmpty()) throw DomainException.notFound("登记了职业病危害因素的岗位");
        var enterprise = enterprises.find(scope, list.get(0).enterpriseId()).orElseThrow(() -> DomainException.notFound("企业"));
        return documents.render("pdf/occupational-notice-card", Map.of("post", list.get(0).postName(), "factors", list, "e", enterprise,
                "signs", signs(list), "today", LocalDate.now(clock)));
    }

    /** The warning signs of GBZ 158 that the factors call for, each once. */
    static Set<String> signs(java.util.List<OccupationalFactors.Factor> list) {
        Set<String> out = new LinkedHashSet<>();
        for (var f : list) {
            out.add(switch (OccupationalFactors.Category.valueOf(f.category())) {
                case DUST -> "注意防尘";
                case CHEMICAL -> "当心中毒";
                case PHYSICAL -> f.name().contains("噪声") ? "噪声有害" : f.name().contains("高温") ? "注意高温" : "注意防护";
                case RADIOACTIVE -> "当心电离辐射";
                case BIOLOGICAL -> "当心感染";
                case OTHER -> "注意防护";
            });
        }
        return out;
    }
}
