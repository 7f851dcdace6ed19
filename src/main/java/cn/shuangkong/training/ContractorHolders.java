package cn.shuangkong.training;

import java.util.Optional;

/**
 * The port through which training learns who a contractor's person is (their name, the page that shows them) for a
 * certificate reminder: the contractor module keeps those people and implements it, so that training names no
 * table of theirs.
 */
public interface ContractorHolders {

    /** A contractor's person as a reminder names them. */
    record Holder(String name, String link) { }

    Optional<Holder> holder(long contractorPersonId);
}
