package cn.shuangkong.contractor.internal;

import cn.shuangkong.training.ContractorHolders;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Tells training's certificate reminders who a contractor's person is and where their certificates are shown. */
@Component
class ContractorHolderNames implements ContractorHolders {

    private final ContractorRegister register;

    ContractorHolderNames(ContractorRegister register) {
        this.register = register;
    }

    @Override
    public Optional<Holder> holder(long contractorPersonId) {
        return register.personAndContractor(contractorPersonId)
                .map(p -> new Holder(p.name() + "（承包商 " + p.contractorName() + "）", "/contractors/" + p.contractorId() + "#person-" + contractorPersonId));
    }
}
