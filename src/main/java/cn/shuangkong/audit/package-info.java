/** 审计: the append-only, hash-chained record of every change of state, written in the changing transaction. */
package cn.shuangkong.audit;
