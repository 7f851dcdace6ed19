/**
 * 安全风险分级管控: the risk register (风险点 → 风险事件 → 管控措施), assessment by LEC/LS/MES with three-person
 * sign-off, the 重大风险清单 for regulators and the register as Excel.
 */
package cn.shuangkong.risk;
