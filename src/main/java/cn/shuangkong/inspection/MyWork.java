package cn.shuangkong.inspection;

import cn.shuangkong.inspection.internal.Checklists;
import cn.shuangkong.shared.Actor;
import org.springframework.stereotype.Service;

/**
 * What a person has open on 我的任务, counted in one place: the home page and the list's own title show the same
 * figures, each kind named, so that a worker never sets their own count beside the whole enterprise's and wonders.
 */
@Service
public class MyWork {

    /** Open check items of the person's measures or post, open 包保 tasks, and 专项检查 given to them. */
    public record Open(long checks, long duties, long checklists) {
        public long total() {
            return checks + duties + checklists;
        }
    }

    private final InspectionTasks tasks;
    private final DutyTasks duties;
    private final Checklists checklists;

    MyWork(InspectionTasks tasks, DutyTasks duties, Checklists checklists) {
        this.tasks = tasks;
        this.duties = duties;
        this.checklists = checklists;
    }

    public Open of(Actor me) {
        return new Open(tasks.mine(me).size(), duties.mine(me).stream().filter(DutyTasks.Task::open).count(),
                checklists.assignedTo(me).size());
    }
}
