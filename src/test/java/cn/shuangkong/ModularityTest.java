package cn.shuangkong;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    @Test
    void modules_depend_only_downward_and_only_on_each_others_api() {
        ApplicationModules.of(ShuangkongApplication.class).verify();
    }
}
