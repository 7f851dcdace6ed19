package cn.shuangkong.risk;

import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.FileStore;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 厂区平面图: the image an enterprise uploads as the background of its four-colour map. Risk point positions are in
 * the map's 1000 × 600 frame, so the plan is stretched to that frame and the positions keep their meaning.
 */
@Service
public class SitePlans {

    private final FileStore files;
    private final Enterprises enterprises;
    private final ApplicationEventPublisher events;

    SitePlans(FileStore files, Enterprises enterprises, ApplicationEventPublisher events) {
        this.files = files;
        this.enterprises = enterprises;
        this.events = events;
    }

    @Transactional
    public long attach(Actor me, String fileName, byte[] image) {
        if (me.enterpriseId() == null) {
            throw DomainException.invalid("file", "只有企业账号可以上传本企业的厂区平面图");
        }
        var stored = files.store(me, me.enterpriseId(), FileKind.Purpose.SITE_PLAN, fileName, image);
        enterprises.setSitePlan(me.enterpriseId(), stored.id());
        events.publishEvent(new StateChanged("上传厂区平面图", "enterprise", String.valueOf(me.enterpriseId()),
                stored.originalName() + "（文件 #" + stored.id() + "）", me.enterpriseId(), null));
        return stored.id();
    }

    public Optional<Long> fileOf(long enterpriseId) {
        return enterprises.sitePlanOf(enterpriseId);
    }
}
